import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {providers} from '../helpers/providers.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

describe.each(providers)('headless run ($name)', provider => {
  it('reads, edits, runs a command and prints only the final answer', async () => {
    repo = tempRepo({'cli.py': 'import argparse\nparser = argparse.ArgumentParser()\n'});
    fake = await startFakeModel([
      {toolCalls: [{name: 'read_file', arguments: {path: 'cli.py'}}]},
      {toolCalls: [{name: 'edit_file', arguments: {path: 'cli.py', old_string: 'parser = argparse.ArgumentParser()\n', new_string: "parser = argparse.ArgumentParser()\nparser.add_argument('--verbose', action='store_true')\n"}}]},
      {toolCalls: [{name: 'bash', arguments: {command: 'ls'}}]},
      {text: 'Added a --verbose flag to cli.py.'},
    ]);

    const result = await runAlex([...provider.args, '--approval', 'yolo', 'add a --verbose flag to cli.py'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Added a --verbose flag to cli.py.');
    expect(readFileSync(path.join(repo.dir, 'cli.py'), 'utf8')).toContain("add_argument('--verbose'");
    expect(fake.requests.map(request => request.path)).toEqual(Array(4).fill(provider.path));
    expect(provider.toolResults(fake.requests[3]!).at(-1)!.content).toContain('cli.py');
  });

  it('runs read-only calls of one reply together and returns results in call order', async () => {
    repo = tempRepo({'a.txt': 'alpha\n', 'b.txt': 'beta\n'});
    fake = await startFakeModel([
      {toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}, id: 'c1'}, {name: 'grep', arguments: {pattern: 'beta'}, id: 'c2'}, {name: 'read_file', arguments: {path: 'b.txt'}, id: 'c3'}]},
      {text: 'done'},
    ]);

    const result = await runAlex([...provider.args, 'look'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});

    expect(result.exitCode).toBe(0);
    const results = provider.toolResults(fake.requests[1]!);
    expect(results.map(item => item.id)).toEqual(['c1', 'c2', 'c3']);
    expect(results[0]!.content).toBe('     1\talpha');
    expect(results[1]!.content).toBe('b.txt:1:beta');
  });

  it('gives the model glob and grep results without .git, node_modules or gitignored files', async () => {
    repo = tempRepo({'.gitignore': 'debug.log\n', 'a.txt': 'needle\n', 'debug.log': 'needle\n', 'node_modules/x/i.js': 'needle\n'});
    fake = await startFakeModel([
      {toolCalls: [{name: 'glob', arguments: {pattern: '*'}, id: 'c1'}, {name: 'glob', arguments: {pattern: '*.log'}, id: 'c2'}, {name: 'grep', arguments: {pattern: 'needle', include: '*.log'}, id: 'c3'}]},
      {text: 'done'},
    ]);

    const result = await runAlex([...provider.args, 'look'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});

    expect(result.exitCode).toBe(0);
    expect(provider.toolResults(fake.requests[1]!).map(item => item.content)).toEqual(['.gitignore\na.txt', 'No files match *.log in ..', 'No matches for "needle" in ..']);
  });
});
