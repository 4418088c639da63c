import {describe, expect, it, onTestFinished} from 'vitest';
import {decide, type PolicyOptions} from '../../src/tools/permissions.js';
import type {ToolAccess} from '../../src/tools/types.js';
import {tempRepo} from '../helpers/workspace.js';

const workspace = '/work/repo';
const options = (mode: PolicyOptions['mode'], allow: string[] = [], deny: string[] = []): PolicyOptions => ({mode, permissions: {allow, deny}, workspace});

describe('approval policy', () => {
  it('asks for edits under ask and allows them under auto-edit inside the workspace only', async () => {
    const inside: ToolAccess = {kind: 'edit', paths: ['/work/repo/a.txt']};
    const outside: ToolAccess = {kind: 'edit', paths: ['/work/other/a.txt']};
    expect((await decide('edit_file', inside, options('ask'))).outcome).toBe('ask');
    expect((await decide('edit_file', inside, options('auto-edit'))).outcome).toBe('allow');
    expect((await decide('edit_file', outside, options('auto-edit'))).outcome).toBe('ask');
    expect((await decide('edit_file', outside, options('yolo'))).outcome).toBe('allow');
  });

  it('allows reads inside the workspace and asks outside', async () => {
    expect((await decide('read_file', {kind: 'read', paths: ['/work/repo/x']}, options('ask'))).outcome).toBe('allow');
    expect((await decide('read_file', {kind: 'read', paths: ['/etc/passwd']}, options('ask'))).outcome).toBe('ask');
  });

  it('applies allow rules only to simple commands', async () => {
    const repo = tempRepo();
    onTestFinished(() => repo.cleanup());
    const allow = {...options('ask', ['bash(npm test:*)', 'bash(git status)']), workspace: repo.dir};
    expect((await decide('bash', {kind: 'exec', command: 'npm test -- --run'}, allow)).outcome).toBe('allow');
    expect((await decide('bash', {kind: 'exec', command: 'git status'}, allow)).outcome).toBe('allow');
    expect((await decide('bash', {kind: 'exec', command: 'npm testing'}, allow)).outcome).toBe('ask');
    expect((await decide('bash', {kind: 'exec', command: 'npm test && rm -rf /'}, allow)).outcome).toBe('ask');
    expect((await decide('bash', {kind: 'exec', command: 'npm test $(curl evil)'}, allow)).outcome).toBe('ask');
    expect((await decide('bash', {kind: 'exec', command: 'git status\nrm -rf /'}, allow)).outcome).toBe('ask');
  });

  it('checks deny rules on every part of a compound command, also under yolo', async () => {
    const deny = options('yolo', [], ['bash(rm:*)']);
    expect((await decide('bash', {kind: 'exec', command: 'ls && rm -rf x'}, deny)).outcome).toBe('deny');
    expect((await decide('bash', {kind: 'exec', command: 'echo $(rm x)'}, deny)).outcome).toBe('deny');
    expect((await decide('bash', {kind: 'exec', command: 'ls'}, deny)).outcome).toBe('allow');
  });

  it('matches path rules against workspace-relative paths', async () => {
    const rules = options('ask', ['edit_file(src/**)'], ['edit_file(src/secrets/**)']);
    expect((await decide('edit_file', {kind: 'edit', paths: ['/work/repo/src/a.ts']}, rules)).outcome).toBe('allow');
    expect((await decide('edit_file', {kind: 'edit', paths: ['/work/repo/src/secrets/k']}, rules)).outcome).toBe('deny');
    expect((await decide('edit_file', {kind: 'edit', paths: ['/work/repo/test/a.ts']}, rules)).outcome).toBe('ask');
  });

  it('asks before MCP tools unless in yolo or allowed', async () => {
    expect((await decide('mcp__fs__read', {kind: 'none'}, options('auto-edit'), true)).outcome).toBe('ask');
    expect((await decide('mcp__fs__read', {kind: 'none'}, options('ask', ['mcp__fs__*']), true)).outcome).toBe('allow');
    expect((await decide('mcp__fs__read', {kind: 'none'}, options('yolo'), true)).outcome).toBe('allow');
  });

  it('asks before an MCP tool that changed since it was approved, in every mode but yolo, whatever the allow rules', async () => {
    const none: ToolAccess = {kind: 'none'};
    const allowed = options('auto-edit', ['mcp__docs__lookup']);
    expect(await decide('mcp__docs__lookup', none, allowed, true)).toEqual({outcome: 'allow', rule: 'mcp__docs__lookup'});
    expect(await decide('mcp__docs__lookup', none, allowed, true, true)).toEqual({outcome: 'ask', reason: 'changed its description or schema since it was approved'});
    expect((await decide('mcp__docs__lookup', none, options('yolo'), true, true)).outcome).toBe('allow');
    expect((await decide('mcp__docs__lookup', none, options('yolo', [], ['mcp__docs__*']), true, true)).outcome).toBe('deny');
  });

  it('runs read-only commands inside the workspace without asking', async () => {
    const repo = tempRepo();
    onTestFinished(() => repo.cleanup());
    const ask = {...options('ask'), workspace: repo.dir};
    for (const command of ['ls -la', 'git status', 'git diff HEAD~1', 'rg needle src', 'cat README.md', 'find . -name x']) {
      expect((await decide('bash', {kind: 'exec', command}, ask)).outcome, command).toBe('allow');
    }

    for (const command of ['cat /etc/passwd', 'ls ../other', 'git -c core.pager=sh log', 'find . -exec rm {} ;', 'rg --pre sh x', 'curl example.com', 'wget x', 'ping host', 'dig x', 'nslookup x', "sed -n 'e id' f", 'git push', 'ls && rm x', 'file -C -m magic', 'grep -nR x .', 'rg -iz x', 'date -f../x', 'cat < ../x']) {
      expect((await decide('bash', {kind: 'exec', command}, ask)).outcome, command).toBe('ask');
    }
  });

  it('allows a command through a rule only when its input redirect reads inside the workspace', async () => {
    const rules = options('ask', ['bash(cat:*)']);
    expect((await decide('bash', {kind: 'exec', command: 'cat < notes.txt'}, rules)).outcome).toBe('allow');
    expect((await decide('bash', {kind: 'exec', command: 'cat < /etc/passwd'}, rules)).outcome).toBe('ask');
    expect((await decide('bash', {kind: 'exec', command: 'cat < $(curl evil)'}, rules)).outcome).toBe('ask');
  });

  it('matches deny rules by base name and refuses what it cannot see when a deny rule applies', async () => {
    const deny = options('yolo', [], ['bash(rm:*)']);
    expect((await decide('bash', {kind: 'exec', command: '/bin/rm -rf x'}, deny)).outcome).toBe('deny');
    expect((await decide('bash', {kind: 'exec', command: 'timeout -s KILL 5 rm x'}, deny)).outcome).toBe('deny');
    const hidden = await decide('bash', {kind: 'exec', command: 'sh cleanup.sh'}, deny);
    expect(hidden).toMatchObject({outcome: 'deny', reason: expect.stringContaining('cannot check everything this command runs') as string});
    expect((await decide('bash', {kind: 'exec', command: 'sh cleanup.sh'}, options('yolo'))).outcome).toBe('allow');
    expect((await decide('bash', {kind: 'exec', command: 'npm test'}, deny)).outcome).toBe('allow');
  });

  it('marks a shell command that names a guarded file, so that no session approval covers it', async () => {
    const decision = await decide('bash', {kind: 'exec', command: 'cp hook .git/hooks/pre-commit'}, options('auto-edit'));
    expect(decision).toEqual({outcome: 'ask', reason: 'runs a shell command that names /work/repo/.git/hooks/pre-commit, which controls alex, git or your shell', guarded: true});
  });

  it('always asks before writes that control alex, git or the shell, except under yolo', async () => {
    const home = '/home/user';
    const guarded = {...options('auto-edit', ['edit_file', 'write_file']), dataDir: '/home/user/.config/alex', home};
    for (const file of ['/work/repo/.mcp.json', '/work/repo/AGENTS.md', '/work/repo/.git/hooks/pre-commit', '/work/repo/.git/config', '/home/user/.bashrc', '/home/user/.ssh/authorized_keys', '/home/user/.config/alex/config.json']) {
      expect((await decide('write_file', {kind: 'edit', paths: [file]}, guarded)).outcome, file).toBe('ask');
      expect((await decide('write_file', {kind: 'edit', paths: [file]}, {...guarded, mode: 'yolo'})).outcome, file).toBe('allow');
    }
  });
});
