import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {isRunning, waitFor} from '../helpers/processes.js';
import {alexBin, runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
});

/** A background child that ignores SIGTERM and holds no pipe of the shell; its pid goes to bg.pid. */
const stubbornChild = '(trap "" TERM; sleep 30) >/dev/null 2>&1 & echo $! > bg.pid';

describe('cancellation', () => {
  it('kills the running command and its children when the run gets SIGINT', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{toolCalls: [{name: 'bash', arguments: {command: 'sleep 60 & echo $! > child.pid; wait'}}]}]);
    const child = execa(process.execPath, [alexBin, '--yolo', 'go'], {cwd: repo.dir, reject: false, env: {ALEX_HOME: repo.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'}});
    const pidFile = path.join(repo.dir, 'child.pid');
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(isRunning(sleeper)).toBe(true);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    await waitFor(() => !isRunning(sleeper), 5000);
  });

  it('kills a child that ignores SIGTERM before it exits on SIGINT', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{toolCalls: [{name: 'bash', arguments: {command: `${stubbornChild}; sleep 30`}}]}]);
    const child = execa(process.execPath, [alexBin, '--yolo', 'go'], {cwd: repo.dir, reject: false, env: {ALEX_HOME: repo.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'}});
    const pidFile = path.join(repo.dir, 'bg.pid');
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('kills a child that ignores SIGTERM when a second SIGINT makes it exit at once', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{toolCalls: [{name: 'bash', arguments: {command: `${stubbornChild}; sleep 30`}}]}]);
    const child = execa(process.execPath, [alexBin, '--yolo', 'go'], {cwd: repo.dir, reject: false, env: {ALEX_HOME: repo.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'}});
    const pidFile = path.join(repo.dir, 'bg.pid');
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const started = Date.now();
    child.kill('SIGINT');
    await new Promise(resolve => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(1000);
    // SIGKILL was sent before alex exited; the state turns to zombie a moment later.
    await waitFor(() => !isRunning(Number(readFileSync(pidFile, 'utf8'))), 1000);
  });

  it.each([
    ['the shell has exited', stubbornChild, undefined],
    ['the command timed out', `${stubbornChild}; sleep 30`, 500],
  ])('kills a child that ignores SIGTERM before the run ends when %s', async (_when, command, timeout_ms) => {
    repo = tempRepo();
    fake = await startFakeModel([{toolCalls: [{name: 'bash', arguments: {command, timeout_ms}}]}, {text: 'done'}]);
    const result = await runAlex(['--yolo', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    expect(result.stdout).toBe('done');
    expect(isRunning(Number(readFileSync(path.join(repo.dir, 'bg.pid'), 'utf8')))).toBe(false);
  });

  it('stops a slow model stream at once on SIGINT', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'word '.repeat(500), chunkSize: 5, tokenDelayMs: 50}]);
    const child = execa(process.execPath, [alexBin, 'go'], {cwd: repo.dir, reject: false, env: {ALEX_HOME: repo.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'}});
    await waitFor(() => fake!.requests.length === 1);
    await new Promise(resolve => setTimeout(resolve, 300));
    const started = Date.now();
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
