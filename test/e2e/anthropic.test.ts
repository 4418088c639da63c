import {readFileSync} from 'node:fs';
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
  fake = undefined;
  repo = undefined;
});

const key = 'sk-ant-test-key-0123456789abcdef';

/** Runs alex with only the Anthropic variables set, as a Claude user would. */
function runClaude(args: string[], baseUrl: string) {
  return runAlex(args, {cwd: repo!.dir, home: repo!.home, env: {OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: baseUrl}});
}

describe('the Anthropic provider', () => {
  it('is chosen when only ANTHROPIC_API_KEY is set', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'Hi from Claude.'}]);
    const result = await runClaude(['say hi'], fake.origin);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Hi from Claude.');
    expect(fake.requests[0]!.path).toBe('/v1/messages');
    expect(fake.requests[0]!.headers['x-api-key']).toBe(key);
  });

  it('is not chosen over a local OpenAI-compatible server named by OPENAI_BASE_URL', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'Hi from the local server.'}]);
    const result = await runAlex(['say hi'], {cwd: repo.dir, home: repo.home, env: {OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: key, OPENAI_BASE_URL: fake.url}});

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Hi from the local server.');
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('reads the conversation prefix from the prompt cache and reports it in json usage', async () => {
    repo = tempRepo({'a.txt': 'alpha\n', 'b.txt': 'beta\n'});
    fake = await startFakeModel([
      {toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
      {toolCalls: [{name: 'read_file', arguments: {path: 'b.txt'}}]},
      {toolCalls: [{name: 'list_files', arguments: {}}]},
      {text: 'a.txt says alpha, b.txt says beta.'},
    ]);
    const result = await runClaude(['--output-format', 'json', 'what do the files say?'], fake.origin);
    const output = JSON.parse(result.stdout);

    expect(result.exitCode).toBe(0);
    expect(output.turns).toBe(4);
    const {input_tokens: input, cache_read_input_tokens: read, cache_creation_input_tokens: written} = output.usage;
    // Tools, system prompt and each request's prefix are written once and read by later requests.
    expect(read).toBeGreaterThan(2 * written);
    expect(input).toBeGreaterThanOrEqual(read + written);
  });

  it('exits 2 naming ANTHROPIC_API_KEY when the key is refused', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{status: 401, body: {type: 'error', error: {type: 'authentication_error', message: 'invalid x-api-key'}}}]);
    const result = await runClaude(['hi'], fake.origin);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`alex: ${fake.origin} refused the API key (HTTP 401): invalid x-api-key. Check ANTHROPIC_API_KEY.`);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on an unknown model', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{status: 404, body: {type: 'error', error: {type: 'not_found_error', message: 'model: claude-nope'}}}]);
    const result = await runClaude(['-m', 'claude-nope', 'hi'], fake.origin);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('does not know the model "claude-nope" (HTTP 404): model: claude-nope. Pick another with --model.');
  });

  it('asks for ANTHROPIC_API_KEY when the public endpoint is chosen without one', async () => {
    repo = tempRepo();
    const result = await runAlex(['--provider', 'anthropic', 'hi'], {cwd: repo.dir, home: repo.home});

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('alex: No API key for https://api.anthropic.com: set ANTHROPIC_API_KEY, or point --base-url at a local server that needs none.');
  });

  it('exits 1 when the endpoint cannot be reached', async () => {
    repo = tempRepo();
    const result = await runClaude(['hi'], 'http://127.0.0.1:1');

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Cannot reach http://127.0.0.1:1 (ECONNREFUSED)');
  });

  it('never runs a tool call whose stream was cut', async () => {
    repo = tempRepo({'notes.txt': 'keep me\n'});
    fake = await startFakeModel([{toolCalls: [{name: 'write_file', arguments: {path: 'notes.txt', content: 'overwritten by a cut call'}}], cutAfter: 8}]);
    const result = await runClaude(['--yolo', 'rewrite notes.txt'], fake.origin);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('the tool call that had begun was not run');
    expect(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a stream cut after text began, without retrying', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'partial answer', cutAfter: 4}, {text: 'should not be requested'}]);
    const result = await runClaude(['hi'], fake.origin);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/stream from .* broke/);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails clearly on an empty reply', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{empty: true}]);
    const result = await runClaude(['hi'], fake.origin);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^alex: The model returned an empty reply \(stop reason: end\)/m);
  });

  it('retries an overloaded stream and goes on', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{errorEvent: {type: 'overloaded_error', message: 'Overloaded'}}, {text: 'Back.'}]);
    const result = await runClaude(['hi'], fake.origin);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Back.');
    expect(fake.requests).toHaveLength(2);
  });

  it('continues a session made on one provider on the other and back, tool calls included, and records the switch', async () => {
    repo = tempRepo({'a.txt': 'alpha\n'});
    fake = await startFakeModel([
      {toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
      {text: 'It says alpha.'},
      {text: 'Still alpha, says OpenAI.'},
      {text: 'And alpha again, says Claude.'},
    ]);
    const openai = {OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: fake.url, ANTHROPIC_API_KEY: undefined};
    expect((await runClaude(['what does a.txt say?'], fake.origin)).exitCode).toBe(0);

    const second = await runAlex(['-c', 'and now?'], {cwd: repo.dir, home: repo.home, env: openai});
    expect(second.exitCode).toBe(0);
    const sent = fake.requests[2]!;
    expect(sent.path).toBe('/v1/chat/completions');
    const call = sent.body.messages.find((message: any) => message.tool_calls)?.tool_calls[0];
    expect(call).toMatchObject({type: 'function', function: {name: 'read_file', arguments: JSON.stringify({path: 'a.txt'})}});
    expect(sent.body.messages.find((message: any) => message.role === 'tool')).toMatchObject({tool_call_id: call.id, content: expect.stringContaining('alpha')});

    const listed = JSON.parse((await runAlex(['sessions', 'list', '--json'], {cwd: repo.dir, home: repo.home})).stdout);
    expect(listed[0]).toMatchObject({provider: 'openai', model: 'gpt-4.1'});

    const third = await runClaude(['-c', 'once more'], fake.origin);
    expect(third.exitCode).toBe(0);
    const back = fake.requests[3]!;
    expect(back.path).toBe('/v1/messages');
    const blocks = back.body.messages.flatMap((message: any) => (Array.isArray(message.content) ? message.content : []));
    const use = blocks.find((block: any) => block.type === 'tool_use');
    expect(use).toMatchObject({name: 'read_file', input: {path: 'a.txt'}});
    expect(blocks.find((block: any) => block.type === 'tool_result')).toMatchObject({tool_use_id: use.id});

    const shown = (await runAlex(['sessions', 'show', listed[0].id], {cwd: repo.dir, home: repo.home})).stdout;
    expect(shown).toContain('— continued with gpt-4.1 (openai) —');
    expect(shown).toContain('— continued with claude-sonnet-4-5 (anthropic) —');
  });
});
