import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {Compactor, type CompactorOptions} from '../../src/context/compactor.js';
import {parseCompactionRecord, type CompactionRecord, type ContextEvent} from '../../src/context/record.js';
import {OpenAiProvider} from '../../src/llm/openai.js';
import type {Message, ModelRequest} from '../../src/llm/types.js';

let fake: FakeModel | undefined;
let compactor: Compactor | undefined;

afterEach(async () => {
  compactor?.close();
  await fake?.close();
  fake = undefined;
  compactor = undefined;
});

const signal = new AbortController().signal;
const output = (index: number) => Array.from({length: 120}, (_, line) => `file ${index} line ${line}: some text`).join('\n');

/** A conversation of `reads` read_file exchanges after the task. */
function conversation(reads: number): Message[] {
  const messages: Message[] = [{role: 'user', content: 'read every file'}];
  for (let index = 0; index < reads; index++) {
    messages.push({role: 'assistant', content: '', toolCalls: [{id: `c${index}`, name: 'read_file', arguments: JSON.stringify({path: `f${index}.ts`})}]});
    messages.push({role: 'tool', toolCallId: `c${index}`, name: 'read_file', content: output(index)});
  }

  return messages;
}

async function setup(history: Message[], summaries: ScriptedResponse[], options: Partial<CompactorOptions> = {}) {
  fake = await startFakeModel([], {summaryResponses: summaries});
  const provider = new OpenAiProvider({baseUrl: fake.url, apiKey: undefined, retries: 0});
  compactor = new Compactor({provider, history, model: 'fake', contextWindow: 8000, debounceMs: 10, ...options});
  return compactor;
}

function request(history: Message[]): ModelRequest {
  return {model: 'fake', system: 'You are a test.', messages: history, tools: []};
}

const summaryRequests = () => fake!.requests.filter(entry => entry.kind === 'summary');
const compactions = (events: ContextEvent[]) => events.filter(event => event.type === 'compaction');

describe('compactor', () => {
  it('keeps every request under the limit as the conversation grows', async () => {
    const history = conversation(0);
    const shaper = await setup(history, [], {debounceMs: 60_000});
    for (let index = 0; index < 80; index++) {
      history.push(...conversation(1).slice(1).map(message => (message.role === 'tool' ? {...message, content: output(index).repeat(1 + (index % 3))} : message)));
      const {messages} = await shaper.shape(request(history), signal);
      expect(shaper.status.usedTokens).toBeLessThanOrEqual(8000 * 0.9);
      expect(messages.at(-1)!.role).toBe('tool');
      expect(messages[0]!.content).toMatch(/^read every file/);
    }
  });

  it('serves a repeated range from the cache without a second summary request', async () => {
    const history = conversation(6);
    const shaper = await setup(history, [{text: 'SUMMARY-A'}]);
    const first = await shaper.compactNow();
    const second = await shaper.compactNow();

    expect(first.status).toBe('ready');
    expect(second).toEqual({status: 'ready', message: expect.stringContaining('(from the cache)')});
    expect(summaryRequests()).toHaveLength(1);
  });

  it('asks again for a range with another focus, and sends the focus', async () => {
    const history = conversation(6);
    const shaper = await setup(history, [{text: 'SUMMARY-A'}, {text: 'SUMMARY-B'}]);
    await shaper.compactNow();
    await shaper.compactNow('the parser bug');

    expect(summaryRequests()).toHaveLength(2);
    expect(summaryRequests()[1]!.body.messages.at(-1).content).toContain('the parser bug');
  });

  it('swaps a ready summary in at the next request, not before', async () => {
    const history = conversation(6);
    const shaper = await setup(history, [{text: 'SUMMARY-A'}]);
    await shaper.compactNow();
    expect(shaper.status.summary).toBe('ready');
    expect(shaper.status.compacted).toBeUndefined();

    const {messages, events} = await shaper.shape(request(history), signal);
    expect(compactions(events)).toMatchObject([{method: 'summary', summary: 'SUMMARY-A'}]);
    expect(messages[0]!.content).toContain('<summary>\nSUMMARY-A\n</summary>');
    expect(messages.at(-1)).toBe(history.at(-1));
    expect(shaper.status.compacted).toMatchObject({method: 'summary'});
  });

  it('leaves the local form after a failed summary and tries again after the backoff', async () => {
    const history = conversation(9);
    const shaper = await setup(history, [{status: 400, body: {error: {message: 'summary refused'}}}, {text: 'SUMMARY-LATER'}], {retryBaseMs: 300});
    const first = await shaper.shape(request(history), signal);
    expect(compactions(first.events)).toMatchObject([{method: 'local'}]);
    await waitFor(() => summaryRequests().length === 1 && shaper.status.summary === 'idle');

    const second = await shaper.shape(request(history), signal);
    expect(second.events).toMatchObject([{type: 'compaction_failed', message: expect.stringContaining('summary refused'), retryInMs: 300}]);
    expect(shaper.status.notice).toContain('trying again in');
    await new Promise(resolve => setTimeout(resolve, 350));
    await shaper.shape(request(history), signal);
    await waitFor(() => shaper.status.summary === 'ready');

    const third = await shaper.shape(request(history), signal);
    expect(compactions(third.events)).toMatchObject([{method: 'summary', summary: 'SUMMARY-LATER'}]);
    expect(summaryRequests()).toHaveLength(2);
  });

  it('gives up on a summary at its timeout', async () => {
    const history = conversation(6);
    const shaper = await setup(history, [{text: 'too late', delayMs: 2000}], {summaryTimeoutMs: 200});
    const result = await shaper.compactNow();
    expect(result).toEqual({status: 'failed', message: expect.stringContaining('timed out after 0 s')});
  });

  it('restores the compacted state from a compaction record and refuses a record of other messages', async () => {
    const history = conversation(9);
    const shaper = await setup(history, [{text: 'SUMMARY-A'}]);
    await shaper.compactNow();
    const {events} = await shaper.shape(request(history), signal);
    const record = JSON.parse(JSON.stringify(compactions(events)[0]!.record)) as CompactionRecord;
    expect(parseCompactionRecord(record)).toEqual(record);

    const reloaded = JSON.parse(JSON.stringify(history)) as Message[];
    const resumed = new Compactor({provider: new OpenAiProvider({baseUrl: fake!.url, apiKey: undefined}), history: reloaded, model: 'fake', contextWindow: 8000});
    expect(resumed.restore(record)).toBe(true);
    const shaped = await resumed.shape(request(reloaded), signal);
    expect(shaped.events).toEqual([]);
    expect(shaped.messages.slice(0, record.messages.length)).toEqual(record.messages);
    expect(shaped.messages.length).toBe(record.messages.length + reloaded.length - record.coveredMessages);
    expect(await resumed.compactNow()).toMatchObject({status: 'nothing'});
    expect(summaryRequests()).toHaveLength(1);

    const other = conversation(9);
    other[0] = {role: 'user', content: 'another task'};
    const stranger = new Compactor({provider: new OpenAiProvider({baseUrl: fake!.url, apiKey: undefined}), history: other, model: 'fake', contextWindow: 8000});
    expect(stranger.restore(record)).toBe(false);
  });

  it('restores a record on a reloaded conversation whose secrets the session file masked', async () => {
    const history = conversation(9);
    history[0] = {role: 'user', content: 'read every file; the token is ghp_abcdefghijklmnopqrstuvwxyz0123456789'};
    const shaper = await setup(history, []);
    const {events} = await shaper.shape(request(history), signal);
    const record = compactions(events)[0]!.record;
    const masked = JSON.parse(JSON.stringify(history).replace(/ghp_\w+/g, '[REDACTED:github-token]')) as Message[];
    const resumed = new Compactor({provider: new OpenAiProvider({baseUrl: fake!.url, apiKey: undefined}), history: masked, model: 'fake', contextWindow: 8000});
    expect(resumed.restore(record)).toBe(true);
  });

  it('reads a broken record as no record', () => {
    expect(parseCompactionRecord({version: 1, method: 'summary', coveredMessages: 3})).toBeUndefined();
    expect(parseCompactionRecord('compaction')).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }

    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
