import {describe, expect, it} from 'vitest';
import {compressMessages, digestMessages} from '../../src/context/local-compression.js';
import {tailStart} from '../../src/context/tail.js';
import type {Message} from '../../src/llm/types.js';

const big = (label: string, lines = 200) => Array.from({length: lines}, (_, index) => `${label} line ${index}`).join('\n');

function exchange(id: string, path: string, output: string): Message[] {
  return [
    {role: 'assistant', content: '', toolCalls: [{id, name: 'read_file', arguments: JSON.stringify({path})}]},
    {role: 'tool', toolCallId: id, name: 'read_file', content: output},
  ];
}

describe('local compression', () => {
  it('reduces a long tool output to a note naming the call, its outcome and size', () => {
    const [call, result] = exchange('c1', 'src/app.ts', big('app'));
    const [, note] = compressMessages([call!, result!]);
    expect(note).toMatchObject({role: 'tool', toolCallId: 'c1', name: 'read_file'});
    expect(note!.content).toBe('[Output of read_file src/app.ts (succeeded, 200 lines, 2489 characters) removed to save context. Run the tool again if it is still needed.]');
  });

  it('keeps short tool outputs and returns already compressed messages unchanged', () => {
    const messages = [...exchange('c1', 'a.ts', 'short'), ...exchange('c2', 'b.ts', big('b'))];
    const once = compressMessages(messages);
    expect(once[1]).toBe(messages[1]);
    expect(compressMessages(once)).toEqual(once);
  });

  it('cuts long messages and tool arguments in the middle, leaving the arguments valid JSON', () => {
    const content = 'x'.repeat(50_000);
    const write: Message = {role: 'assistant', content, toolCalls: [{id: 'w', name: 'write_file', arguments: JSON.stringify({path: 'big.txt', content})}]};
    const [compressed] = compressMessages([write]);
    expect(compressed!.content.length).toBeLessThan(2100);
    expect(compressed!.content).toContain('characters cut here to save context');
    const args = JSON.parse((compressed as Extract<Message, {role: 'assistant'}>).toolCalls![0]!.arguments);
    expect(args.path).toBe('big.txt');
    expect(args.content.length).toBeLessThan(400);
  });

  it('folds the steps into one message after the task when compressing harder', () => {
    const messages = [...exchange('c1', 'a.ts', big('a')), {role: 'assistant', content: 'Both files read.'} as Message];
    const digest = digestMessages({role: 'user', content: 'read the files'}, messages, 4000);
    expect(digest.role).toBe('user');
    expect(digest.content).toMatch(/^read the files\n\n\[Context compressed: the 3 messages/);
    expect(digest.content).toContain('- ran read_file a.ts → 200 lines of output');
    expect(digest.content).toContain('- assistant: Both files read.');
  });
});

describe('tail start', () => {
  it('never begins the tail with a tool result, so each call stays with its results', () => {
    const messages: Message[] = [{role: 'user', content: 'go'}];
    for (let index = 0; index < 20; index++) {
      messages.push(...exchange(`c${index}`, `f${index}.ts`, big(`f${index}`, 20 + index * 7)));
    }

    for (let budget = 0; budget < 12_000; budget += 137) {
      const start = tailStart(messages, 1, budget);
      expect(start).toBeGreaterThanOrEqual(1);
      expect(start).toBeLessThanOrEqual(messages.length - 2);
      expect(messages[start]!.role).not.toBe('tool');
    }
  });

  it('keeps at least the last exchange however small the budget', () => {
    const messages: Message[] = [{role: 'user', content: 'go'}, ...exchange('c1', 'a.ts', big('a', 5000))];
    expect(tailStart(messages, 1, 10)).toBe(1);
  });
});
