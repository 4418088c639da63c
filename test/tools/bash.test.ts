import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {bashTool} from '../../src/tools/bash.js';
import {childEnvironment} from '../../src/tools/child-env.js';
import {isRunning} from '../helpers/processes.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';
import {toolContext} from './helpers.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

/** Starts a background child that ignores SIGTERM and holds no pipe of the shell, and writes its pid to bg.pid. */
const stubbornChild = '(trap "" TERM; sleep 30) >/dev/null 2>&1 & echo $! > bg.pid';

function stubbornPid(): number {
  return Number(readFileSync(path.join(repo!.dir, 'bg.pid'), 'utf8'));
}

describe('bash tool', () => {
  it('returns the exit code and output', async () => {
    repo = tempRepo();
    const result = await bashTool.run({command: 'echo out; echo err >&2; exit 3'}, toolContext(repo.dir));
    expect(result.isError).toBe(true);
    expect(result.summary).toBe('exit 3');
    expect(result.content).toMatch(/^Exit code 3\.\nout\nerr$/);
  });

  it('kills the command and its process group at the timeout, a child that ignores SIGTERM included', async () => {
    repo = tempRepo();
    const started = Date.now();
    const result = await bashTool.run({command: `${stubbornChild}; sleep 30`, timeout_ms: 300}, toolContext(repo.dir));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.summary).toBe('timed out');
    expect(result.content).toMatch(/timed out after 0.3 s/);
    expect(isRunning(stubbornPid())).toBe(false);
  });

  it('does not wait for background children once the shell has exited, and stops them', async () => {
    repo = tempRepo();
    const started = Date.now();
    const result = await bashTool.run({command: `${stubbornChild}; echo started`}, toolContext(repo.dir));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.content).toContain('started');
    expect(isRunning(stubbornPid())).toBe(false);
  });

  it('stops when the turn is aborted, and leaves no child behind', async () => {
    repo = tempRepo();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 300);
    await expect(bashTool.run({command: `${stubbornChild}; sleep 30`}, toolContext(repo.dir, controller.signal))).rejects.toThrow(/stop/);
    expect(isRunning(stubbornPid())).toBe(false);
  });

  it('keeps the head and tail of long output with a note of what was cut', async () => {
    repo = tempRepo();
    const result = await bashTool.run({command: 'echo FIRST; head -c 200000 /dev/zero | tr "\\0" x; echo; echo LAST'}, toolContext(repo.dir));
    expect(result.content.length).toBeLessThan(40_000);
    expect(result.content).toMatch(/FIRST/);
    expect(result.content).toMatch(/LAST$/);
    expect(result.content).toMatch(/characters cut from the middle/);
  });

  it('gives child processes no API keys', async () => {
    repo = tempRepo();
    const env = childEnvironment({PATH: process.env.PATH, OPENAI_API_KEY: 'sk-secret-0123456789', OTHER: 'has sk-custom-key-value inside', KEEP: 'yes'}, 'sk-custom-key-value');
    const result = await bashTool.run({command: 'env'}, {...toolContext(repo.dir), env});
    expect(result.content).not.toContain('sk-secret');
    expect(result.content).not.toContain('sk-custom-key-value');
    expect(result.content).toContain('KEEP=yes');
  });

  it('passes the keys only when the user opted in', () => {
    const env = childEnvironment({OPENAI_API_KEY: 'sk-secret-0123456789'}, 'sk-secret-0123456789', true);
    expect(env.OPENAI_API_KEY).toBe('sk-secret-0123456789');
  });
});
