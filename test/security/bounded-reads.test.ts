// Files that are not what they seem: a 5 GB sparse file, /dev/zero, a FIFO and a symlink loop.
// Each gives the model a clear error in well under the run's timeout, instead of a hang or a
// process that fills memory.
import {execFileSync} from 'node:child_process';
import {readFileSync, statSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attack, type ToolCalls} from '../helpers/attack.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function hostileFiles(): TempRepo {
  repo = tempRepo({'small.txt': 'small\n'});
  execFileSync('truncate', ['-s', '5G', path.join(repo.dir, 'huge.txt')]);
  execFileSync('mkfifo', [path.join(repo.dir, 'fifo')]);
  symlinkSync('loop-b', path.join(repo.dir, 'loop-a'));
  symlinkSync('loop-a', path.join(repo.dir, 'loop-b'));
  symlinkSync('/dev/zero', path.join(repo.dir, 'zero'));
  return repo;
}

describe('reads that could hang or fill memory', () => {
  it('give read_file a clear error for each, and the run finishes', async () => {
    hostileFiles();
    const reads: Array<[string, RegExp]> = [
      ['huge.txt', /huge\.txt is a binary file of 5368709120 bytes/],
      ['fifo', /fifo is not a regular file \(a device, FIFO or socket\)/],
      ['loop-a', /loop-a goes through a symlink loop/],
      ['zero', /\/dev\/zero is not a regular file|outside the workspace/],
      ['/dev/zero', /\/dev\/zero is not a regular file/],
    ];
    const started = performance.now();
    const {result, results} = await attack(repo!, reads.map(([file]) => [{name: 'read_file', arguments: {path: file}}]), {args: ['--yolo']});

    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(results).toHaveLength(reads.length);
    for (const [index, [file, expected]] of reads.entries()) {
      expect(results[index], file).toMatch(expected);
      expect(results[index]!.length, file).toBeLessThan(1000);
    }
  });

  it('give write_file and edit_file a clear error and leave the files as they were', async () => {
    hostileFiles();
    const calls: Array<[ToolCalls[number], RegExp]> = [
      [{name: 'edit_file', arguments: {path: 'huge.txt', old_string: 'a', new_string: 'b'}}, /huge\.txt is 5120\.0 MB, more than the 20 MB this tool handles/],
      [{name: 'write_file', arguments: {path: 'fifo', content: 'x'}}, /fifo is not a regular file/],
      [{name: 'edit_file', arguments: {path: 'fifo', old_string: 'a', new_string: 'b'}}, /fifo is not a regular file/],
      [{name: 'write_file', arguments: {path: 'loop-a', content: 'x'}}, /loop-a goes through a symlink loop/],
      [{name: 'edit_file', arguments: {path: 'zero', old_string: 'a', new_string: 'b'}}, /not a regular file|outside the workspace/],
    ];
    const {result, results} = await attack(repo!, calls.map(([call]) => [call]), {args: ['--yolo']});

    expect(result.exitCode).toBe(0);
    for (const [index, [call, expected]] of calls.entries()) {
      expect(results[index], JSON.stringify(call)).toMatch(expected);
    }

    expect(statSync(path.join(repo!.dir, 'huge.txt')).size).toBe(5 * 1024 ** 3);
    expect(statSync(path.join(repo!.dir, 'fifo')).isFIFO()).toBe(true);
    expect(readFileSync(path.join(repo!.dir, 'small.txt'), 'utf8')).toBe('small\n');
  });
});
