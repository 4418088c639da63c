import {chmodSync, linkSync, mkdirSync, readFileSync, statSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {editFileTool} from '../../src/tools/edit-file.js';
import {readFileTool} from '../../src/tools/read-file.js';
import {writeFileTool} from '../../src/tools/write-file.js';
import {openRegularFile, resolveInWorkspace} from '../../src/tools/workspace.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';
import {toolContext} from './helpers.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe('read_file', () => {
  it('numbers lines and reads a window with offset and limit', async () => {
    repo = tempRepo({'a.txt': 'one\ntwo\nthree\nfour\n'});
    const result = await readFileTool.run({path: 'a.txt', offset: 2, limit: 2}, toolContext(repo.dir));
    expect(result.content).toBe('     2\ttwo\n     3\tthree\n[more lines follow; read on with offset 4]');
  });

  it('refuses binary files, folders and FIFOs with a clear message', async () => {
    repo = tempRepo({'bin.dat': 'a\0b', 'dir/x': ''});
    execFileSync('mkfifo', [path.join(repo.dir, 'pipe')]);
    const context = toolContext(repo.dir);
    expect((await readFileTool.run({path: 'bin.dat'}, context)).content).toMatch(/binary file of 3 bytes/);
    expect((await readFileTool.run({path: 'dir'}, context)).content).toMatch(/is a directory/);
    expect((await readFileTool.run({path: 'pipe'}, context)).content).toMatch(/not a regular file/);
    expect((await readFileTool.run({path: 'nope'}, context)).content).toMatch(/does not exist/);
  });
});

describe('bounded reads', () => {
  it('gives a clear error for /dev/zero, a 5 GB sparse file and a symlink loop instead of hanging', async () => {
    repo = tempRepo();
    execFileSync('truncate', ['-s', '5G', path.join(repo.dir, 'huge.bin')]);
    execFileSync('ln', ['-s', 'loop-b', path.join(repo.dir, 'loop-a')]);
    execFileSync('ln', ['-s', 'loop-a', path.join(repo.dir, 'loop-b')]);
    const context = toolContext(repo.dir);
    expect((await readFileTool.run({path: '/dev/zero'}, context)).content).toMatch(/not a regular file/);
    expect((await readFileTool.run({path: 'huge.bin'}, context)).content).toMatch(/binary file of 5368709120 bytes/);
    await expect(readFileTool.run({path: 'loop-a'}, context)).rejects.toThrow(/symlink loop/);
  });

  it('cuts a 10 MB line while scanning', async () => {
    repo = tempRepo({'long.txt': `${'y'.repeat(10 * 1024 * 1024)}\nsecond\n`});
    const result = await readFileTool.run({path: 'long.txt'}, toolContext(repo.dir));
    expect(result.content.length).toBeLessThan(3000);
    expect(result.content).toMatch(/line cut at 2000 characters\]\n {5}2\tsecond$/);
  });

  it('does not open a final symlink', async () => {
    repo = tempRepo({'real.txt': 'x'});
    execFileSync('ln', ['-s', 'real.txt', path.join(repo.dir, 'link.txt')]);
    await expect(openRegularFile(path.join(repo.dir, 'link.txt'))).rejects.toThrow(/became a symlink/);
  });
});

describe('edit_file', () => {
  it('fails clearly when old_string is missing or not unique', async () => {
    repo = tempRepo({'a.txt': 'x = 1\nx = 1\n'});
    const context = toolContext(repo.dir);
    expect((await editFileTool.run({path: 'a.txt', old_string: 'y = 2', new_string: 'z'}, context)).content).toMatch(/was not found in a.txt/);
    expect((await editFileTool.run({path: 'a.txt', old_string: 'x = 1', new_string: 'z'}, context)).content).toMatch(/occurs 2 times/);
    const all = await editFileTool.run({path: 'a.txt', old_string: 'x = 1', new_string: 'x = 2', replace_all: true}, context);
    expect(all.isError).toBeUndefined();
    expect(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8')).toBe('x = 2\nx = 2\n');
    expect(all.diff).toContain('-x = 1');
  });

  it('keeps the file mode and leaves no temporary file', async () => {
    repo = tempRepo({'run.sh': 'echo a\n'});
    chmodSync(path.join(repo.dir, 'run.sh'), 0o755);
    await editFileTool.run({path: 'run.sh', old_string: 'echo a', new_string: 'echo "$1"'}, toolContext(repo.dir));
    expect(statSync(path.join(repo.dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(execFileSync('ls', ['-A', repo.dir], {encoding: 'utf8'}).trim().split('\n').sort()).toEqual(['.git', 'run.sh']);
  });

  it('replaces the file by a rename, so a hard link to it keeps the old content', async () => {
    repo = tempRepo({'a.txt': 'old\n'});
    const file = path.join(repo.dir, 'a.txt');
    linkSync(file, path.join(repo.dir, 'old-link.txt'));
    const before = statSync(file).ino;
    await editFileTool.run({path: 'a.txt', old_string: 'old', new_string: 'new'}, toolContext(repo.dir));
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readFileSync(path.join(repo.dir, 'old-link.txt'), 'utf8')).toBe('old\n');
    expect(statSync(file).ino).not.toBe(before);
  });

  it('inserts replacement text literally, $ signs included', async () => {
    repo = tempRepo({'a.txt': 'price\n'});
    await editFileTool.run({path: 'a.txt', old_string: 'price', new_string: "$& costs $1 and $$'"}, toolContext(repo.dir));
    expect(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8')).toBe("$& costs $1 and $$'\n");
  });
});

describe('write_file', () => {
  it('creates parent folders and reports a diff', async () => {
    repo = tempRepo();
    const result = await writeFileTool.run({path: 'src/new/file.ts', content: 'export {};\n'}, toolContext(repo.dir));
    expect(result.content).toBe('Created src/new/file.ts (1 lines).');
    expect(result.diff).toContain('+export {};');
  });

  it('replaces an existing file by a rename, so a hard link to it keeps the old content', async () => {
    repo = tempRepo({'a.txt': 'old\n'});
    const file = path.join(repo.dir, 'a.txt');
    linkSync(file, path.join(repo.dir, 'old-link.txt'));
    const before = statSync(file).ino;
    await writeFileTool.run({path: 'a.txt', content: 'new\n'}, toolContext(repo.dir));
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readFileSync(path.join(repo.dir, 'old-link.txt'), 'utf8')).toBe('old\n');
    expect(statSync(file).ino).not.toBe(before);
  });
});

describe('paths', () => {
  it('resolves .. and symlinked parents of files that do not exist yet', async () => {
    repo = tempRepo({'inside/a.txt': ''});
    mkdirSync(path.join(repo.dir, '..', 'out'));
    execFileSync('ln', ['-s', path.join(repo.dir, '..', 'out'), path.join(repo.dir, 'inside', 'link')]);
    expect(await resolveInWorkspace(repo.dir, 'inside/../inside/a.txt')).toMatchObject({inside: true, display: 'inside/a.txt'});
    expect(await resolveInWorkspace(repo.dir, 'inside/link/deep/new.txt')).toMatchObject({inside: false});
    expect(await resolveInWorkspace(repo.dir, '../repo-sibling')).toMatchObject({inside: false});
    await expect(resolveInWorkspace(repo.dir, 'a\0b')).rejects.toThrow(/NUL/);
  });
});
