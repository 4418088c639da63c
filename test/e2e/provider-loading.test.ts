import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {loadTrace, loadTraceRegister} from '../helpers/load-trace.js';
import {providers} from '../helpers/providers.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
let trace: ReturnType<typeof loadTrace> | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  trace?.cleanup();
  fake = undefined;
  repo = undefined;
  trace = undefined;
});

const [openai, anthropic] = providers;

function tracing(file: string): Record<string, string> {
  return {NODE_OPTIONS: `--import=${loadTraceRegister}`, ALEX_LOAD_TRACE: file};
}

const anthropicChunk = (chunk: string) => /^dist\/chunks\/anthropic-/.test(chunk);

describe('the Anthropic provider code', () => {
  it('is not loaded by alex --version', async () => {
    repo = tempRepo();
    trace = loadTrace();
    const result = await runAlex(['--version'], {cwd: repo.dir, home: repo.home, env: tracing(trace.file)});

    expect(result.exitCode).toBe(0);
    expect(trace.chunks()).toContain('dist/alex.js');
    expect(trace.chunks().filter(anthropicChunk)).toEqual([]);
  });

  it('is not loaded by a run on the OpenAI-compatible provider', async () => {
    repo = tempRepo();
    trace = loadTrace();
    fake = await startFakeModel([{text: 'ok'}]);
    const result = await runAlex(['hi'], {cwd: repo.dir, home: repo.home, env: {...openai!.env(fake), ...tracing(trace.file)}});

    expect(result.stdout).toBe('ok');
    expect(trace.chunks().some(chunk => chunk.startsWith('dist/chunks/headless-'))).toBe(true);
    expect(trace.chunks().filter(anthropicChunk)).toEqual([]);
  });

  it('is loaded by a run on the Anthropic provider', async () => {
    repo = tempRepo();
    trace = loadTrace();
    fake = await startFakeModel([{text: 'ok'}]);
    const result = await runAlex([...anthropic!.args, 'hi'], {cwd: repo.dir, home: repo.home, env: {...anthropic!.env(fake), ...tracing(trace.file)}});

    expect(result.stdout).toBe('ok');
    expect(trace.chunks().filter(anthropicChunk)).toHaveLength(1);
  });
});
