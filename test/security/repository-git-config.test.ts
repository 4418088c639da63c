// Attacks through a repository's own git set-up: `.git/config`, hooks and submodules must not
// run a program when alex runs a read-only git command (status, diff, log, show, blame) without
// asking.
import {execFileSync} from 'node:child_process';
import {appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {bashCalls, runToolCalls} from '../helpers/attacker.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const identity = ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'protocol.file.allow=always'];

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', [...identity, ...args], {cwd, stdio: 'ignore'});
}

/** A repository with one committed file, changed since, and a folder beside it for the marks a hostile program leaves. */
function committedRepo(): {target: TempRepo; marks: string} {
  repo = tempRepo({'a.txt': 'one\n', '.gitattributes': '*.txt diff=evil filter=evil\n'});
  git(repo.dir, 'add', '.');
  git(repo.dir, 'commit', '-qm', 'first');
  writeFileSync(path.join(repo.dir, 'a.txt'), 'two\n');
  const marks = path.join(path.dirname(repo.dir), 'marks');
  mkdirSync(marks);
  return {target: repo, marks};
}

const readOnlyGit = ['git status', 'git diff', 'git log -p -1', 'git show', 'git blame a.txt', 'git ls-files -m'];

describe("a repository's git configuration", () => {
  it('runs none of its programs in read-only git commands, also allowed by a rule, and says why it asks', async () => {
    const {target, marks} = committedRepo();
    const settings = [
      `[core]\n\tfsmonitor = "touch ${marks}/fsmonitor; false"\n\tpager = "touch ${marks}/pager; cat"`,
      `[diff]\n\texternal = "touch ${marks}/external; true"`,
      `[diff "evil"]\n\ttextconv = "touch ${marks}/textconv; cat"\n\tcommand = "touch ${marks}/command; true"`,
      `[filter "evil"]\n\tclean = "touch ${marks}/clean; cat"\n\tprocess = "touch ${marks}/process; false"`,
    ];
    appendFileSync(path.join(target.dir, '.git', 'config'), `${settings.join('\n')}\n`);
    writeFileSync(path.join(target.home, 'config.json'), JSON.stringify({permissions: {allow: ['bash(git status:*)', 'bash(git diff:*)']}}));
    const commands = [...readOnlyGit, 'git log -p --textconv -1', 'git diff --ext-diff'];
    const {results} = await runToolCalls(target, bashCalls(commands));

    expect(readdirSync(marks)).toEqual([]);
    for (const [index, command] of commands.entries()) {
      expect(results[index], command).toMatch(/needs the user's approval/);
    }

    expect(results[0]).toContain("the repository's git configuration sets core.fsmonitor");
  });

  it('asks when the settings come from an included file or a worktree configuration', async () => {
    const {target, marks} = committedRepo();
    writeFileSync(path.join(target.dir, '.git', 'extra.cfg'), `[core]\n\tfsmonitor = "touch ${marks}/included; false"\n`);
    appendFileSync(path.join(target.dir, '.git', 'config'), '[include]\n\tpath = extra.cfg\n');
    const included = await runToolCalls(target, bashCalls(['git status', 'git diff']));
    git(target.dir, 'config', '--unset', 'include.path');
    git(target.dir, 'config', 'extensions.worktreeConfig', 'true');
    git(target.dir, 'config', '--worktree', 'core.fsmonitor', `touch ${marks}/worktree; false`);
    const worktree = await runToolCalls(target, bashCalls(['git status', 'git diff']));

    expect(readdirSync(marks)).toEqual([]);
    expect(included.results.every(content => /git configuration sets include\.path/.test(content))).toBe(true);
    expect(worktree.results.every(content => /git configuration sets core\.fsmonitor/.test(content))).toBe(true);
  });
});

describe('a repository that reads from outside the workspace', () => {
  it('asks before read-only git when the git folder, its common folder or its objects are elsewhere', async () => {
    repo = tempRepo();
    const root = path.dirname(repo.dir);
    const secret = path.join(root, 'private');
    mkdirSync(secret);
    git(secret, 'init', '-q');
    writeFileSync(path.join(secret, 'p.txt'), 'PRIVATE-HISTORY\n');
    git(secret, 'add', '.');
    git(secret, 'commit', '-qm', 'private');
    const borrowed = path.join(root, 'borrowed');
    mkdirSync(path.join(borrowed, 'fake'), {recursive: true});
    writeFileSync(path.join(borrowed, 'fake', 'HEAD'), 'ref: refs/heads/master\n');
    writeFileSync(path.join(borrowed, 'fake', 'commondir'), `${secret}/.git\n`);
    writeFileSync(path.join(borrowed, '.git'), 'gitdir: fake\n');
    writeFileSync(path.join(repo.dir, '.git', 'objects', 'info', 'alternates'), `${secret}/.git/objects\n`);
    const pointed = await runToolCalls({...repo, dir: borrowed}, bashCalls(['git log -p', 'git show']));
    const alternates = await runToolCalls(repo, bashCalls(['git log -p']));

    expect([...pointed.results, ...alternates.results].join('\n')).not.toContain('PRIVATE-HISTORY');
    expect(pointed.results.every(content => /read its repository from outside the workspace/.test(content))).toBe(true);
    expect(alternates.results[0]).toContain('borrows objects from elsewhere');
  });
});

describe('hooks and submodules', () => {
  it('runs read-only git without asking, with the repository hooks off and submodules not entered', async () => {
    const {target, marks} = committedRepo();
    const sub = path.join(path.dirname(target.dir), 'sub');
    mkdirSync(sub);
    git(sub, 'init', '-q');
    writeFileSync(path.join(sub, 's.txt'), 's\n');
    git(sub, 'add', '.');
    git(sub, 'commit', '-qm', 's');
    git(target.dir, 'submodule', 'add', '-q', sub, 'sub');
    git(target.dir, 'commit', '-qm', 'sub');
    writeFileSync(path.join(target.dir, 'sub', 's.txt'), 'changed\n');
    appendFileSync(path.join(target.dir, '.git', 'modules', 'sub', 'config'), `[core]\n\tfsmonitor = "touch ${marks}/submodule; false"\n`);
    const hook = path.join(target.dir, '.git', 'hooks', 'post-index-change');
    writeFileSync(hook, `#!/bin/sh\ntouch ${marks}/hook\n`);
    chmodSync(hook, 0o755);
    // A changed modification time makes git status refresh, and so rewrite, the index.
    utimesSync(path.join(target.dir, 'a.txt'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const {results} = await runToolCalls(target, bashCalls(readOnlyGit));

    expect(readdirSync(marks)).toEqual([]);
    expect(existsSync(path.join(marks, 'hook'))).toBe(false);
    expect(results[0]).toMatch(/^Exit code 0\.\nOn branch/);
    expect(results[0]).toContain('modified:   a.txt');
    expect(results[1]).toContain('+two');
    expect(results[2]).toContain('+[submodule "sub"]');
    expect(results.join('\n')).not.toMatch(/needs the user's approval/);
  });
});
