import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createGlobTool, globTool} from '../../src/tools/glob.js';
import {createGrepTool, grepTool} from '../../src/tools/grep.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';
import {toolContext} from './helpers.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const noRipgrep = async () => undefined;

/** The same tools with ripgrep and with the JavaScript search used when there is no ripgrep. */
const engines = [
  {engine: 'ripgrep', glob: globTool, grep: grepTool},
  {engine: 'the JavaScript fallback', glob: createGlobTool(noRipgrep), grep: createGrepTool(noRipgrep)},
];

const files = {
  '.gitignore': 'debug.log\n*.tmp\nbuild/\n',
  'build/out.ts': 'needle\n',
  'a.txt': 'needle\n',
  'src/b.ts': 'const needle = 1;\n',
  'src/c.tmp': 'needle\n',
  'src/deep/.gitignore': 'local.ts\n!keep.tmp\n',
  'src/deep/local.ts': 'needle\n',
  'src/deep/keep.tmp': 'needle\n',
  'debug.log': 'needle\n',
  'node_modules/x/i.js': 'needle\n',
};

const visible = ['.gitignore', 'a.txt', 'src/b.ts', 'src/deep/.gitignore', 'src/deep/keep.tmp'];

function lines(content: string): string[] {
  return content.split('\n').sort();
}

describe.each(engines)('glob with $engine', ({glob}) => {
  it('lists every file for "*" and "**/*" but nothing under .git or node_modules, nor what .gitignore files exclude', async () => {
    repo = tempRepo(files);
    const context = toolContext(repo.dir);
    expect(lines((await glob.run({pattern: '*'}, context)).content)).toEqual(visible);
    expect(lines((await glob.run({pattern: '**/*'}, context)).content)).toEqual(visible);
  });

  it('finds no file for a pattern that only gitignored files match', async () => {
    repo = tempRepo(files);
    const result = await glob.run({pattern: '*.log'}, toolContext(repo.dir));
    expect(result.isError).toBeUndefined();
    expect(result.content).toBe('No files match *.log in ..');
  });

  it('honours .gitignore in a folder that is not a git repository', async () => {
    repo = tempRepo(files, {git: false});
    expect(lines((await glob.run({pattern: '*'}, toolContext(repo.dir))).content)).toEqual(visible);
  });

  it('honours the .gitignore files above the folder it searches', async () => {
    repo = tempRepo(files);
    const result = await glob.run({pattern: '*', path: 'src'}, toolContext(repo.dir));
    expect(lines(result.content)).toEqual(['src/b.ts', 'src/deep/.gitignore', 'src/deep/keep.tmp']);
  });

  it('matches a pattern with "/" against the whole relative path', async () => {
    repo = tempRepo(files);
    expect((await glob.run({pattern: 'src/*.ts'}, toolContext(repo.dir))).content).toBe('src/b.ts');
  });
});

describe.each(engines)('grep with $engine', ({grep}) => {
  it('searches neither .git, node_modules nor gitignored files', async () => {
    repo = tempRepo(files);
    const result = await grep.run({pattern: 'needle'}, toolContext(repo.dir));
    expect(lines(result.content)).toEqual(['a.txt:1:needle', 'src/b.ts:1:const needle = 1;', 'src/deep/keep.tmp:1:needle']);
    expect((await grep.run({pattern: 'repositoryformatversion'}, toolContext(repo.dir))).content).toMatch(/^No matches/);
  });

  it('keeps gitignored files out when include names them', async () => {
    repo = tempRepo(files);
    const result = await grep.run({pattern: 'needle', include: '*.log'}, toolContext(repo.dir));
    expect(result.isError).toBeUndefined();
    expect(result.content).toBe('No matches for "needle" in ..');
  });

  it('honours .gitignore in a folder that is not a git repository', async () => {
    repo = tempRepo(files, {git: false});
    const result = await grep.run({pattern: 'needle', include: '*.{log,txt}'}, toolContext(repo.dir));
    expect(result.content).toBe('a.txt:1:needle');
  });

  it('applies an include with "/" to the path below the searched folder', async () => {
    repo = tempRepo(files);
    expect((await grep.run({pattern: 'needle', include: 'deep/*'}, toolContext(repo.dir))).content).toMatch(/^No matches/);
    expect((await grep.run({pattern: 'needle', path: 'src', include: 'deep/*'}, toolContext(repo.dir))).content).toBe('src/deep/keep.tmp:1:needle');
  });

  it('searches one file when path is a file', async () => {
    repo = tempRepo(files);
    expect((await grep.run({pattern: 'needle', path: 'src/b.ts'}, toolContext(repo.dir))).content).toBe('src/b.ts:1:const needle = 1;');
  });

  it('refuses a FIFO at once and names a missing path', async () => {
    repo = tempRepo(files);
    execFileSync('mkfifo', [path.join(repo.dir, 'pipe')]);
    const started = Date.now();
    const fifo = await grep.run({pattern: 'x', path: 'pipe'}, toolContext(repo.dir));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fifo).toMatchObject({isError: true, content: expect.stringMatching(/pipe is not a regular file or folder/)});
    expect((await grep.run({pattern: 'x', path: 'nope'}, toolContext(repo.dir))).content).toMatch(/nope does not exist/);
  });

  it('skips a FIFO inside the folder it searches', async () => {
    repo = tempRepo(files);
    execFileSync('mkfifo', [path.join(repo.dir, 'pipe')]);
    expect((await grep.run({pattern: 'needle', include: '*.txt'}, toolContext(repo.dir))).content).toBe('a.txt:1:needle');
  });

  it('says a broken regular expression is one', async () => {
    repo = tempRepo(files);
    expect((await grep.run({pattern: '(unclosed'}, toolContext(repo.dir))).content).toMatch(/Check the regular expression/);
  });

  it('stops when the turn is aborted', async () => {
    repo = tempRepo(files);
    const controller = new AbortController();
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(grep.run({pattern: 'needle'}, toolContext(repo.dir, controller.signal))).rejects.toThrow(/stop/);
  });
});
