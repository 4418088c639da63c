import {describe, expect, it} from 'vitest';
import {MessagesParser} from '../../src/llm/anthropic-reply.js';
import {ApiError} from '../../src/llm/api-error.js';
import type {ModelEvent} from '../../src/llm/types.js';

const endpoint = 'https://api.example.test';

function feed(parser: MessagesParser, events: object[]): ModelEvent[] {
  return events.flatMap(event => parser.apply({event: (event as {type: string}).type, data: JSON.stringify(event), id: undefined}));
}

const start = {type: 'message_start', message: {id: 'msg_1', usage: {input_tokens: 12, cache_read_input_tokens: 3000, cache_creation_input_tokens: 200, output_tokens: 1}}};
const textBlock = (index: number, ...parts: string[]) => [
  {type: 'content_block_start', index, content_block: {type: 'text', text: ''}},
  ...parts.map(text => ({type: 'content_block_delta', index, delta: {type: 'text_delta', text}})),
  {type: 'content_block_stop', index},
];
const toolBlock = (index: number, id: string, name: string, ...parts: string[]) => [
  {type: 'content_block_start', index, content_block: {type: 'tool_use', id, name, input: {}}},
  ...parts.map(partial_json => ({type: 'content_block_delta', index, delta: {type: 'input_json_delta', partial_json}})),
  {type: 'content_block_stop', index},
];
const end = (stop_reason: string) => [
  {type: 'message_delta', delta: {stop_reason, stop_sequence: null}, usage: {output_tokens: 57}},
  {type: 'message_stop'},
];

function caught(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    return error as ApiError;
  }

  throw new Error('expected an error');
}

describe('MessagesParser', () => {
  it('streams text deltas and ends with the whole reply', () => {
    const parser = new MessagesParser(endpoint);
    const events = feed(parser, [start, {type: 'ping'}, ...textBlock(0, 'Hel', 'lo.'), ...end('end_turn')]);

    expect(events).toEqual([
      {type: 'text_delta', text: 'Hel'},
      {type: 'text_delta', text: 'lo.'},
    ]);
    expect(parser.done).toBe(true);
    expect(parser.reply()).toMatchObject({message: {role: 'assistant', content: 'Hello.'}, stopReason: 'end'});
  });

  it('collects several tool calls with arguments split over deltas', () => {
    const parser = new MessagesParser(endpoint);
    const events = feed(parser, [
      start,
      ...textBlock(0, 'Looking.'),
      ...toolBlock(1, 'toolu_1', 'read_file', '{"pa', 'th": "a.txt"}'),
      ...toolBlock(2, 'toolu_2', 'grep', '', '{"pattern":"x"}'),
      ...end('tool_use'),
    ]);

    expect(events.filter(event => event.type === 'tool_call_begin')).toEqual([
      {type: 'tool_call_begin', id: 'toolu_1', name: 'read_file'},
      {type: 'tool_call_begin', id: 'toolu_2', name: 'grep'},
    ]);
    expect(parser.reply()).toEqual({
      message: {
        role: 'assistant',
        content: 'Looking.',
        toolCalls: [
          {id: 'toolu_1', name: 'read_file', arguments: '{"path": "a.txt"}'},
          {id: 'toolu_2', name: 'grep', arguments: '{"pattern":"x"}'},
        ],
      },
      usage: {inputTokens: 3212, outputTokens: 57, cacheReadTokens: 3000, cacheWriteTokens: 200},
      stopReason: 'tool_calls',
    });
  });

  it('counts cached input in the prompt size and reports reads and writes apart', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start, ...textBlock(0, 'ok'), ...end('end_turn')]);

    expect(parser.reply().usage).toEqual({inputTokens: 3212, outputTokens: 57, cacheReadTokens: 3000, cacheWriteTokens: 200});
  });

  it('takes usage updates from message_delta', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [
      start,
      ...textBlock(0, 'ok'),
      {type: 'message_delta', delta: {stop_reason: 'end_turn'}, usage: {input_tokens: 20, cache_read_input_tokens: 4000, output_tokens: 9}},
      {type: 'message_stop'},
    ]);

    expect(parser.reply().usage).toEqual({inputTokens: 4220, outputTokens: 9, cacheReadTokens: 4000, cacheWriteTokens: 200});
  });

  it('ignores thinking blocks and event types it does not know', () => {
    const parser = new MessagesParser(endpoint);
    const events = feed(parser, [
      start,
      {type: 'content_block_start', index: 0, content_block: {type: 'thinking', thinking: ''}},
      {type: 'content_block_delta', index: 0, delta: {type: 'thinking_delta', thinking: 'hmm'}},
      {type: 'content_block_stop', index: 0},
      {type: 'something_new'},
      ...textBlock(1, 'answer'),
      ...end('end_turn'),
    ]);

    expect(events).toEqual([{type: 'text_delta', text: 'answer'}]);
  });

  it('makes an overloaded error before any output retryable', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start]);
    const error = caught(() => feed(parser, [{type: 'error', error: {type: 'overloaded_error', message: 'Overloaded'}}]));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('https://api.example.test reported an error in the stream (overloaded_error): Overloaded');
  });

  it('does not retry an error that arrives after output', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start, ...toolBlock(0, 'toolu_1', 'bash').slice(0, 1)]);
    const error = caught(() => feed(parser, [{type: 'error', error: {type: 'overloaded_error', message: 'Overloaded'}}]));

    expect(error.retryable).toBe(false);
    expect(error.message).toContain('the tool call that had begun was not run');
  });

  it('refuses a tool call whose block never closed', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start, ...toolBlock(0, 'toolu_1', 'bash', '{"command":').slice(0, 2), ...end('tool_use')]);

    expect(caught(() => parser.reply()).message).toContain('ended inside the call to bash; the tool call that had begun was not run');
  });

  it('refuses a tool call cut at the output limit', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start, ...toolBlock(0, 'toolu_1', 'write_file', '{"path":"a","content":"lo'), ...end('max_tokens')]);

    expect(caught(() => parser.reply()).message).toBe('The model reached its output limit (max_tokens) while writing the call to write_file; the tool call was not run.');
  });

  it('keeps complete tool calls when the output limit cuts later text', () => {
    const parser = new MessagesParser(endpoint);
    feed(parser, [start, ...toolBlock(0, 'toolu_1', 'bash', '{}'), ...textBlock(1, 'and then'), ...end('max_tokens')]);

    expect(parser.reply().message.toolCalls).toHaveLength(1);
  });

  it('reports an event that is not JSON', () => {
    const parser = new MessagesParser(endpoint);

    expect(caught(() => parser.apply({event: 'message_start', data: '{oops', id: undefined})).kind).toBe('bad_response');
  });
});
