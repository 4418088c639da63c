import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {AnthropicProvider} from '../../src/llm/anthropic.js';
import {ApiError} from '../../src/llm/api-error.js';
import type {ModelEvent, ModelRequest} from '../../src/llm/types.js';

let fake: FakeModel | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const request: ModelRequest = {model: 'claude-sonnet-4-5', system: 'You are alex.', messages: [{role: 'user', content: 'hi'}], tools: []};

async function start(responses: ScriptedResponse[]): Promise<AnthropicProvider> {
  fake = await startFakeModel(responses);
  return new AnthropicProvider({baseUrl: fake.origin, apiKey: 'sk-ant-test-0123456789', minRetryDelayMs: 1});
}

async function collect(provider: AnthropicProvider, signal = new AbortController().signal): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of provider.stream(request, signal)) {
    events.push(event);
  }

  return events;
}

async function failure(provider: AnthropicProvider): Promise<{error: ApiError; events: ModelEvent[]}> {
  const events: ModelEvent[] = [];
  try {
    for await (const event of provider.stream(request, new AbortController().signal)) {
      events.push(event);
    }
  } catch (error) {
    return {error: error as ApiError, events};
  }

  throw new Error('expected the stream to fail');
}

function reply(events: ModelEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'reply') {
    throw new Error('no reply');
  }

  return last.reply;
}

describe('AnthropicProvider', () => {
  it('posts a streamed request to /v1/messages with the key and API version', async () => {
    const provider = await start([{text: 'Hello there.'}]);
    const events = await collect(provider);

    expect(events.filter(event => event.type === 'text_delta').map(event => event.text).join('')).toBe('Hello there.');
    expect(reply(events)).toMatchObject({message: {content: 'Hello there.'}, stopReason: 'end'});
    const sent = fake!.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test-0123456789');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({model: 'claude-sonnet-4-5', stream: true});
  });

  it('accepts a base URL that ends in /v1', async () => {
    fake = await startFakeModel([{text: 'ok'}]);
    const provider = new AnthropicProvider({baseUrl: fake.url, apiKey: undefined});
    await collect(provider);

    expect(fake.requests[0]!.path).toBe('/v1/messages');
    expect(fake.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('returns several tool calls of one reply with their whole arguments', async () => {
    const provider = await start([
      {
        text: 'Reading.',
        toolCalls: [
          {id: 'toolu_1', name: 'read_file', arguments: {path: 'a.txt'}},
          {id: 'toolu_2', name: 'grep', arguments: {pattern: 'TODO', path: 'src'}},
        ],
      },
    ]);
    const events = await collect(provider);

    expect(events.filter(event => event.type === 'tool_call_begin')).toHaveLength(2);
    expect(reply(events).message.toolCalls).toEqual([
      {id: 'toolu_1', name: 'read_file', arguments: '{"path":"a.txt"}'},
      {id: 'toolu_2', name: 'grep', arguments: '{"pattern":"TODO","path":"src"}'},
    ]);
    expect(reply(events).stopReason).toBe('tool_calls');
  });

  it('reports cache reads and writes in the usage', async () => {
    const provider = await start([{text: 'ok', usage: {input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 900, cache_creation_input_tokens: 90}}]);

    expect(reply(await collect(provider)).usage).toEqual({inputTokens: 1000, outputTokens: 5, cacheReadTokens: 900, cacheWriteTokens: 90});
  });

  it('retries 529 and 429 with the wait the server asks for', async () => {
    const provider = await start([
      {status: 529, headers: {'retry-after-ms': '30'}},
      {status: 429, headers: {'retry-after': '0'}},
      {text: 'finally'},
    ]);
    const events = await collect(provider);

    // The second wait is the backoff (1 ms doubled, jittered up to ×2), since the server asked for none.
    const [first, second] = events.filter(event => event.type === 'retry').map(event => event.delayMs);
    expect(first).toBe(30);
    expect(second).toBeGreaterThanOrEqual(2);
    expect(second).toBeLessThanOrEqual(4);
    expect(reply(events).message.content).toBe('finally');
    expect(fake!.requests).toHaveLength(3);
  });

  it('retries an overloaded_error that arrives in a 200 stream before any output', async () => {
    const provider = await start([{errorEvent: {type: 'overloaded_error', message: 'Overloaded'}}, {text: 'ok'}]);
    const events = await collect(provider);

    expect(events[0]).toMatchObject({type: 'retry', reason: expect.stringContaining('(overloaded_error): Overloaded')});
    expect(reply(events).message.content).toBe('ok');
  });

  it('retries a stream cut before any output', async () => {
    const provider = await start([{text: 'lost', cutAfter: 2}, {text: 'ok'}]);

    expect(reply(await collect(provider)).message.content).toBe('ok');
    expect(fake!.requests).toHaveLength(2);
  });

  it('retries a stream that goes silent before any output, and reports one that goes silent after', async () => {
    fake = await startFakeModel([{text: 'lost', firstTokenDelayMs: 600_000}, {text: 'partial answer', stallAfter: 4}, {text: 'never'}]);
    const provider = new AnthropicProvider({baseUrl: fake.origin, apiKey: 'k', minRetryDelayMs: 1, streamIdleTimeoutMs: 200});
    const {error, events} = await failure(provider);

    expect(events[0]).toMatchObject({type: 'retry', reason: expect.stringMatching(/broke: no data from .* for 0\.2 s/)});
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/broke: no data from .* for 0\.2 s/);
    expect(fake.requests).toHaveLength(2);
  });

  it('fails without retrying when the stream is cut after a tool call began', async () => {
    const provider = await start([{toolCalls: [{name: 'write_file', arguments: {path: 'a.txt', content: 'x'.repeat(60)}}], cutAfter: 6}, {text: 'never'}]);
    const {error, events} = await failure(provider);

    expect(events.some(event => event.type === 'tool_call_begin')).toBe(true);
    expect(events.some(event => event.type === 'reply')).toBe(false);
    expect(error.kind).toBe('bad_response');
    expect(error.message).toContain('the tool call that had begun was not run');
    expect(fake!.requests).toHaveLength(1);
  });

  it('fails on a tool call cut at the output limit', async () => {
    const provider = await start([{toolCalls: [{name: 'bash', arguments: '{"command": "ec'}], truncated: true}]);
    const {error} = await failure(provider);

    expect(error.message).toContain('output limit (max_tokens) while writing the call to bash; the tool call was not run');
  });

  it('names ANTHROPIC_API_KEY when the key is refused', async () => {
    const provider = await start([{status: 401}]);
    const {error} = await failure(provider);

    expect(error.kind).toBe('auth');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${fake!.origin} refused the API key (HTTP 401): fake error 401. Check ANTHROPIC_API_KEY.`);
  });

  it('says the model is unknown on a not_found_error', async () => {
    const provider = await start([{status: 404, body: {type: 'error', error: {type: 'not_found_error', message: 'model: claude-nope'}}}]);
    const {error} = await failure(provider);

    expect(error.kind).toBe('model_not_found');
    expect(error.message).toContain('does not know the model "claude-sonnet-4-5" (HTTP 404): model: claude-nope. Pick another with --model.');
  });

  it('says when the conversation is longer than the model accepts', async () => {
    const provider = await start([{status: 400, body: {type: 'error', error: {type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum'}}}]);
    const {error} = await failure(provider);

    expect(error.kind).toBe('context_length');
    expect(fake!.requests).toHaveLength(1);
  });

  it('says when the endpoint cannot be reached', async () => {
    const provider = new AnthropicProvider({baseUrl: 'http://127.0.0.1:1', apiKey: 'k', retries: 0});
    const {error} = await failure(provider);

    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('Cannot reach http://127.0.0.1:1 (ECONNREFUSED)');
  });

  it('stops streaming when the signal aborts', async () => {
    const provider = await start([{text: 'a slow answer that goes on and on', chunkSize: 2, tokenDelayMs: 50}]);
    const controller = new AbortController();
    const seen: ModelEvent[] = [];
    const run = (async () => {
      for await (const event of provider.stream(request, controller.signal)) {
        seen.push(event);
        controller.abort();
      }
    })();

    await expect(run).rejects.toMatchObject({name: 'AbortError'});
    expect(seen).toHaveLength(1);
  });
});
