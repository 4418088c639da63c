import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {alexBin} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out waiting');
    }

    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('cancellation', () => {
  it('kills the running command and its children when the run gets SIGINT', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{toolCalls: [{name: 'bash', arguments: {command: 'sleep 60 & echo $! > child.pid; wait'}}]}]);
    const child = execa(process.execPath, [alexBin, '--yolo', 'go'], {cwd: repo.dir, reject: false, env: {ALEX_HOME: repo.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'}});
    const pidFile = path.join(repo.dir, 'child.pid');
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(sleeper)).toBe(true);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    await waitFor(() => !isAlive(sleeper), 5000);
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
