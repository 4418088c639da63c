import {describe, expect, it} from 'vitest';
import {decide, isSimpleCommand, type PolicyOptions} from '../../src/tools/permissions.js';
import type {ToolAccess} from '../../src/tools/types.js';

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
    const allow = options('ask', ['bash(npm test:*)', 'bash(git status)']);
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

  it('treats quoting, globbing and expansion as not simple', () => {
    expect(isSimpleCommand('git status')).toBe(true);
    for (const command of ['a; b', 'a | b', 'a > f', 'echo $HOME', 'a `b`', 'ls *', 'a\\\nb']) {
      expect(isSimpleCommand(command)).toBe(false);
    }
  });
});
