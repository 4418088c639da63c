import {describe, expect, it} from 'vitest';
import type {AgentEvent} from '../../src/agent/events.js';
import {initialTranscript, maxRestoredItems, transcriptReducer, type TranscriptState} from '../../src/ui/transcript.js';

const usage = {inputTokens: 10, outputTokens: 5};
const call = {id: 'c1', name: 'edit_file', arguments: '{"path":"a.txt"}'};

function play(events: AgentEvent[], state: TranscriptState = initialTranscript): TranscriptState {
  const begun = transcriptReducer(state, {type: 'turn_begin', prompt: 'do it'});
  return transcriptReducer(begun, {type: 'events', events});
}

describe('transcriptReducer', () => {
  it('adds the prompt and marks the turn busy until it ends', () => {
    const state = transcriptReducer(initialTranscript, {type: 'turn_begin', prompt: 'hello'});
    expect(state.items).toEqual([{kind: 'user', id: 1, text: 'hello'}]);
    expect(state.busy).toBe(true);
    expect(transcriptReducer(state, {type: 'turn_end'}).busy).toBe(false);
  });

  it('moves finished blocks of a streamed answer into items and keeps the tail live', () => {
    const state = play([{type: 'text_delta', text: 'One.\n\nTwo'}]);
    expect(state.items.at(-1)).toMatchObject({kind: 'answer', piece: {text: 'One.\n\n'}, first: true});
    expect(state.pending).toBe('Two');
    const ended = transcriptReducer(state, {type: 'events', events: [{type: 'message', message: {role: 'assistant', content: 'One.\n\nTwo'}}]});
    expect(ended.items.at(-1)).toMatchObject({kind: 'answer', piece: {text: 'Two'}, first: false});
    expect(ended.pending).toBe('');
  });

  it('keeps the partial answer of a cancelled turn and marks it cancelled', () => {
    const state = play([
      {type: 'text_delta', text: 'Partial ans'},
      {type: 'message', message: {role: 'assistant', content: 'Partial ans\n[cancelled by the user]'}},
      {type: 'done', reason: 'aborted', result: 'Cancelled.', turns: 1, usage, durationMs: 3},
    ]);
    const texts = state.items.map(item => (item.kind === 'answer' ? item.piece.text : item.kind === 'notice' ? item.text : ''));
    expect(texts).toContain('Partial ans');
    expect(texts).toContain('Cancelled.');
    expect(texts.join('')).not.toContain('[cancelled by the user]');
  });

  it('shows an answer that arrived without streaming', () => {
    const state = play([{type: 'message', message: {role: 'assistant', content: 'Whole answer.'}}]);
    expect(state.items.at(-1)).toMatchObject({kind: 'answer', piece: {text: 'Whole answer.'}});
  });

  it('turns a tool call into a running row, then a finished item with summary and diff', () => {
    const started = play([{type: 'tool_start', call, input: {path: 'a.txt'}}]);
    expect(started.tools).toEqual([{callId: 'c1', name: 'edit_file', argument: 'a.txt', status: 'running'}]);
    const ended = transcriptReducer(started, {type: 'events', events: [{type: 'tool_end', call, result: {content: 'ok', summary: 'replaced 1', diff: '--- a/a.txt\n+++ b/a.txt\n-old\n+new'}, durationMs: 12}]});
    expect(ended.tools).toEqual([]);
    expect(ended.items.at(-1)).toMatchObject({kind: 'tool', tool: {status: 'done', summary: 'replaced 1', durationMs: 12, diff: {lines: ['--- a/a.txt', '+++ b/a.txt', '-old', '+new'], hidden: 0}}});
  });

  it('marks tool calls still running at the end of a turn as cancelled', () => {
    const state = play([
      {type: 'tool_start', call, input: {path: 'a.txt'}},
      {type: 'done', reason: 'aborted', result: 'Cancelled.', turns: 1, usage, durationMs: 3},
    ]);
    expect(state.tools).toEqual([]);
    expect(state.items.find(item => item.kind === 'tool')).toMatchObject({tool: {status: 'cancelled'}});
  });

  it('shows an error as one line with secrets masked', () => {
    const state = play([{type: 'error', message: 'Bad key sk-abcdefghijklmnopqrstuvwx\nsecond line', code: 'auth', exitCode: 2}]);
    expect(state.items.at(-1)).toMatchObject({kind: 'notice', tone: 'error', text: 'Bad key [REDACTED:openai-key] second line'});
  });

  it('records usage and the last turn', () => {
    const state = play([
      {type: 'usage', usage, total: usage},
      {type: 'done', reason: 'end', result: 'x', turns: 2, usage, durationMs: 40},
    ]);
    const ended = transcriptReducer(state, {type: 'turn_end', firstTokenMs: 7});
    expect(ended.lastUsage).toEqual(usage);
    expect(ended.lastTurn).toEqual({reason: 'end', durationMs: 40, turns: 2, usage, firstTokenMs: 7});
  });

  it('starts over on clear with a new epoch', () => {
    const state = transcriptReducer(play([{type: 'text_delta', text: 'x'}]), {type: 'clear'});
    expect(state.items).toEqual([]);
    expect(state.epoch).toBe(1);
  });

  it('shows a restored conversation: prompts, answers and tool calls', () => {
    const state = transcriptReducer(initialTranscript, {
      type: 'restore',
      messages: [
        {role: 'user', content: 'read it'},
        {role: 'assistant', content: '', toolCalls: [{id: 't1', name: 'read_file', arguments: '{"path":"b.md"}'}]},
        {role: 'tool', toolCallId: 't1', name: 'read_file', content: 'no such file', isError: true},
        {role: 'assistant', content: 'It is missing.'},
      ],
    });
    expect(state.items.map(item => item.kind)).toEqual(['user', 'tool', 'answer']);
    expect(state.items[1]).toMatchObject({tool: {name: 'read_file', argument: 'b.md', status: 'failed'}});
  });

  it('draws only the last items of a long restored conversation, after a line saying what is left out', () => {
    const messages = Array.from({length: maxRestoredItems + 50}, (_, index) => ({role: 'user' as const, content: `prompt ${index}`}));
    const state = transcriptReducer(initialTranscript, {type: 'restore', messages});

    expect(state.items).toHaveLength(maxRestoredItems + 1);
    expect(state.items[0]).toMatchObject({kind: 'notice', text: expect.stringContaining('50 earlier items')});
    expect(state.items[1]).toMatchObject({kind: 'user', text: 'prompt 50'});
    expect(state.items.at(-1)).toMatchObject({kind: 'user', text: `prompt ${maxRestoredItems + 49}`});
  });
});
