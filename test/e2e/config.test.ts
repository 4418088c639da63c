import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
});

describe('alex config', () => {
  it('writes one key to a 0600 settings file and reads it back', async () => {
    repo = tempRepo();
    const options = {cwd: repo.dir, home: repo.home};
    expect((await runAlex(['config', 'set', 'model', 'local-model'], options)).exitCode).toBe(0);
    expect((await runAlex(['config', 'set', 'contextWindow', '32000'], options)).exitCode).toBe(0);
    const file = (await runAlex(['config', 'path'], options)).stdout;
    expect(file).toBe(path.join(repo.home, 'config.json'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await runAlex(['config', 'get', 'contextWindow'], options)).stdout).toBe('32000');
    expect(JSON.parse((await runAlex(['config', 'show'], options)).stdout)).toEqual({model: 'local-model', contextWindow: 32000});
  });

  it('refuses an unknown key or a bad value with status 2 and writes nothing', async () => {
    repo = tempRepo();
    const options = {cwd: repo.dir, home: repo.home};
    const unknown = await runAlex(['config', 'set', 'colour', 'red'], options);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown setting "colour"/);
    const bad = await runAlex(['config', 'set', 'approval', 'always'], options);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/approval: expected one of ask, auto-edit, yolo/);
    expect(readdirSync(repo.home)).toEqual([]);
  });

  it('uses the model from settings when no flag or variable names one', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'ok'}, {text: 'ok'}]);
    await runAlex(['config', 'set', 'model', 'from-settings'], {cwd: repo.dir, home: repo.home});
    await runAlex(['go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    await runAlex(['-m', 'from-flag', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url, env: {ALEX_MODEL: 'from-env'}});
    expect(fake.requests.map(request => request.body.model)).toEqual(['from-settings', 'from-flag']);
  });
});

describe('secrets', () => {
  it('keeps the API key out of the debug log', async () => {
    repo = tempRepo({'a.txt': 'hello'});
    fake = await startFakeModel([{toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]}, {status: 400, body: {error: {message: 'bad key sk-test-key-0123456789abcdef'}}}]);
    const result = await runAlex(['--debug', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    expect(result.exitCode).toBe(1);
    const logs = path.join(repo.home, 'logs');
    const text = readdirSync(logs).map(name => readFileSync(path.join(logs, name), 'utf8')).join('');
    expect(text).toMatch(/model request/);
    expect(text).not.toContain('sk-test-key-0123456789abcdef');
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(result.stderr).not.toContain('sk-test-key-0123456789abcdef');
  });
});
