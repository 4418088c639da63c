import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {ApiError} from '../../src/llm/api-error.js';
import {OpenAiProvider, type OpenAiOptions} from '../../src/llm/openai.js';
import type {ModelEvent, ModelRequest} from '../../src/llm/types.js';

let fake: FakeModel | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const request: ModelRequest = {
  model: 'gpt-test',
  system: 'You are alex.',
  messages: [{role: 'user', content: 'hi'}],
  tools: [{name: 'read_file', description: 'Read a file.', parameters: {type: 'object'}}],
};

async function start(responses: ScriptedResponse[], options: Partial<OpenAiOptions> = {}): Promise<OpenAiProvider> {
  fake = await startFakeModel(responses);
  return new OpenAiProvider({baseUrl: fake.url, apiKey: 'sk-test-0123456789', minRetryDelayMs: 1, ...options});
}

async function collect(provider: OpenAiProvider): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of provider.stream(request, new AbortController().signal)) {
    events.push(event);
  }

  return events;
}

async function failure(provider: OpenAiProvider): Promise<{error: ApiError; events: ModelEvent[]}> {
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

function text(events: ModelEvent[]): string {
  return events.map(event => (event.type === 'text_delta' ? event.text : '')).join('');
}

/** A loopback port nothing listens on (for now). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));

  return port;
}

describe('OpenAiProvider', () => {
  it('posts a streamed chat-completions request with the key, tools and usage option', async () => {
    const provider = await start([{text: 'Hello there.'}]);
    const events = await collect(provider);

    expect(text(events)).toBe('Hello there.');
    expect(reply(events)).toMatchObject({message: {content: 'Hello there.'}, stopReason: 'end', usage: {inputTokens: 100, outputTokens: 20}});
    const sent = fake!.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-0123456789');
    expect(sent.body).toMatchObject({model: 'gpt-test', stream: true, stream_options: {include_usage: true}, tools: [{type: 'function', function: {name: 'read_file'}}]});
  });

  it('returns several tool calls of one reply whose arguments arrive in many fragments', async () => {
    const provider = await start([
      {
        text: 'Looking.',
        argumentChunkSize: 3,
        toolCalls: [
          {id: 'call_a', name: 'read_file', arguments: {path: 'src/a.ts'}},
          {id: 'call_b', name: 'grep', arguments: {pattern: 'TODO "x"', include: '*.ts'}},
          {id: 'call_c', name: 'bash', arguments: {command: 'ls -la'}},
        ],
      },
    ]);
    const events = await collect(provider);

    expect(events.filter(event => event.type === 'tool_call_begin').map(event => event.name)).toEqual(['read_file', 'grep', 'bash']);
    expect(reply(events).message.toolCalls).toEqual([
      {id: 'call_a', name: 'read_file', arguments: '{"path":"src/a.ts"}'},
      {id: 'call_b', name: 'grep', arguments: '{"pattern":"TODO \\"x\\"","include":"*.ts"}'},
      {id: 'call_c', name: 'bash', arguments: '{"command":"ls -la"}'},
    ]);
    expect(reply(events).stopReason).toBe('tool_calls');
  });

  it('refuses every tool call of a reply cut at the output limit', async () => {
    const provider = await start([
      {
        truncated: true,
        toolCalls: [
          {name: 'write_file', arguments: {path: 'first.txt', content: 'complete'}},
          {name: 'write_file', arguments: '{"path": "second.txt", "content": "cut he'},
        ],
      },
    ]);
    const {error, events} = await failure(provider);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('bad_response');
    expect(error.message).toBe('The model reached its output limit (finish_reason "length") while writing the call to write_file; no tool call of this reply was run.');
    expect(events.some(event => event.type === 'reply')).toBe(false);
    expect(fake!.requests).toHaveLength(1);
  });

  it('keeps a text reply cut at the output limit, with stop reason max_tokens', async () => {
    const provider = await start([{text: 'A long answer that', truncated: true}]);

    expect(reply(await collect(provider))).toMatchObject({message: {content: 'A long answer that'}, stopReason: 'max_tokens'});
  });

  it.each([
    ['type server_error', {type: 'server_error', message: 'Internal server error'}],
    ['code 503', {type: 'api_error', code: 503, message: 'Try again'}],
    ['code rate_limit_exceeded', {code: 'rate_limit_exceeded', message: 'Slow down'}],
    ['type overloaded', {type: 'overloaded', message: 'Busy'}],
  ])('retries an error event with %s that comes in a 200 stream before any output', async (_said, errorEvent) => {
    const provider = await start([{errorEvent}, {text: 'recovered'}]);
    const events = await collect(provider);

    expect(events.filter(event => event.type === 'retry')).toHaveLength(1);
    expect(reply(events).message.content).toBe('recovered');
    expect(fake!.requests).toHaveLength(2);
  });

  it('does not retry an error event that says the request was wrong', async () => {
    const provider = await start([{errorEvent: {type: 'invalid_request_error', message: 'messages: bad role'}}, {text: 'not requested'}]);
    const {error} = await failure(provider);

    expect(error.message).toMatch(/reported an error in the stream: messages: bad role/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('reports an error event that comes after text began, without retrying', async () => {
    const provider = await start([{text: 'partial answer', chunkSize: 4, errorEvent: {type: 'server_error', message: 'Internal server error'}}, {text: 'not requested'}]);
    const {error, events} = await failure(provider);

    expect(text(events)).toBe('partial answer');
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/reported an error in the stream: Internal server error/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('waits for a slow first token', async () => {
    const provider = await start([{text: 'slow but sure', firstTokenDelayMs: 400}], {streamIdleTimeoutMs: 2000});

    expect(reply(await collect(provider)).message.content).toBe('slow but sure');
  });

  it('retries a stream that goes silent before any output', async () => {
    const provider = await start([{text: 'never comes', firstTokenDelayMs: 600_000}, {text: 'second try'}], {streamIdleTimeoutMs: 200});
    const events = await collect(provider);

    const retry = events.find(event => event.type === 'retry');
    expect(retry).toMatchObject({reason: expect.stringMatching(/broke: no data from 127\.0\.0\.1:\d+ for 0\.2 s/)});
    expect(reply(events).message.content).toBe('second try');
  });

  it('reports a stream that goes silent after output began, without retrying', async () => {
    const provider = await start([{text: 'partial answer', chunkSize: 4, stallAfter: 3}, {text: 'not requested'}], {streamIdleTimeoutMs: 200});
    const started = Date.now();
    const {error, events} = await failure(provider);

    expect(Date.now() - started).toBeLessThan(3000);
    expect(text(events)).toBe('partial ');
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/stream from .* broke: no data from .* for 0\.2 s/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('retries a refused connection, as when a local server restarts', async () => {
    const port = await freePort();
    const provider = new OpenAiProvider({baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: undefined, minRetryDelayMs: 100});
    const events: ModelEvent[] = [];
    for await (const event of provider.stream(request, new AbortController().signal)) {
      events.push(event);
      if (event.type === 'retry' && !fake) {
        fake = await startFakeModel([{text: 'back up'}], {port});
      }
    }

    expect(events[0]).toMatchObject({type: 'retry', reason: expect.stringMatching(/ECONNREFUSED/)});
    expect(reply(events).message.content).toBe('back up');
  });

  it('gives up on a refused connection after a few seconds', async () => {
    const port = await freePort();
    const provider = new OpenAiProvider({baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: undefined});
    const started = Date.now();
    const {error, events} = await failure(provider);

    expect(Date.now() - started).toBeLessThan(5000);
    expect(events.filter(event => event.type === 'retry').length).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\)/);
  });
});
