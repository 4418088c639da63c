// Attacks on the time between checking a path and using it: another process flips a symlink
// while alex approves and writes, so that the write or read it checked lands somewhere else.
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attack, startRacer, type ToolCalls} from '../helpers/attack.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;
let racer: {stop(): Promise<void>} | undefined;

afterEach(async () => {
  await racer?.stop();
  repo?.cleanup();
  racer = undefined;
  repo = undefined;
});

/** A repository with `real/` inside it and `outside/` beside it. */
function repoWithOutside(): {outside: string} {
  repo = tempRepo();
  const outside = path.join(repo.dir, '..', 'outside');
  mkdirSync(path.join(repo.dir, 'real'));
  mkdirSync(outside);
  return {outside};
}

const writes = (count: number, file: (index: number) => string): ToolCalls[] => Array.from({length: count}, (_, index) => [{name: 'write_file', arguments: {path: file(index), content: 'planted'}}]);

describe('a symlink flipped between approval and write', () => {
  it('never lets a write approved inside the workspace land outside it', async () => {
    const {outside} = repoWithOutside();
    racer = startRacer(repo!.dir, `swap('real', 'd'); swap(${JSON.stringify(outside)}, 'd');`);
    const {results} = await attack(repo!, writes(60, index => `d/f${index}.txt`), {args: ['--approval', 'auto-edit']});
    await racer.stop();

    expect(readdirSync(outside)).toEqual([]);
    const created = results.slice(0, 60).filter(content => /^Created real\/f\d+\.txt/.test(content));
    const refused = results.slice(0, 60).filter(content => /outside the workspace, which needs the user's approval/.test(content));
    expect(created.length + refused.length).toBe(60);
    expect(readdirSync(path.join(repo!.dir, 'real'))).toHaveLength(created.length);
  });

  it('refuses a write whose folder was swapped for a symlink after the check', async () => {
    const {outside} = repoWithOutside();
    racer = startRacer(repo!.dir, `try { fs.renameSync('real', 'real.away'); fs.symlinkSync(${JSON.stringify(outside)}, 'real'); fs.rmSync('real'); fs.renameSync('real.away', 'real'); } catch {}`);
    const {results} = await attack(repo!, writes(60, index => `real/sub/f${index}.txt`), {args: ['--approval', 'auto-edit']});
    await racer.stop();

    expect(readdirSync(outside, {recursive: true})).toEqual([]);
    expect(results).toHaveLength(60);
    for (const content of results.slice(0, 60)) {
      expect(content).toMatch(/^Created real\/sub\/f\d+\.txt|changed while writing|outside the workspace|write_file failed/);
    }
  });
});

describe('a file swapped for a symlink at the final open', () => {
  it('is not read through: O_NOFOLLOW refuses the link', async () => {
    const {outside} = repoWithOutside();
    writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET');
    writeFileSync(path.join(repo!.dir, 'f.txt'), 'inside');
    racer = startRacer(repo!.dir, `swap(${JSON.stringify(`${outside}/secret.txt`)}, 'f.txt'); fs.writeFileSync('f.new', 'inside'); fs.renameSync('f.new', 'f.txt');`);
    const reads: ToolCalls[] = Array.from({length: 40}, () => [{name: 'read_file', arguments: {path: 'f.txt'}}]);
    const {results} = await attack(repo!, reads);
    await racer.stop();

    expect(results.join('\n')).not.toContain('OUTSIDE-SECRET');
    expect(results).toHaveLength(40);
    for (const content of results.slice(0, 40)) {
      expect(content).toMatch(/\tinside$|became a symlink after it was checked|outside the workspace|does not exist/);
    }
  });

  it('is not written through: the write replaces the link and leaves its target alone', async () => {
    const {outside} = repoWithOutside();
    writeFileSync(path.join(outside, 'target.txt'), 'untouched');
    writeFileSync(path.join(repo!.dir, 'f.txt'), 'inside');
    racer = startRacer(repo!.dir, `swap(${JSON.stringify(`${outside}/target.txt`)}, 'f.txt'); fs.writeFileSync('f.new', 'inside'); fs.renameSync('f.new', 'f.txt');`);
    const {results} = await attack(repo!, writes(40, () => 'f.txt'), {args: ['--approval', 'auto-edit']});
    await racer.stop();

    expect(readFileSync(path.join(outside, 'target.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside)).toEqual(['target.txt']);
    expect(results).toHaveLength(40);
    for (const content of results.slice(0, 40)) {
      expect(content).toMatch(/^(Created|Replaced) f\.txt|outside the workspace|is not a regular file|write_file failed/);
    }
  });
});
