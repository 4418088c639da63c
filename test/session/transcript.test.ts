import {describe, expect, it} from 'vitest';
import type {Message} from '../../src/llm/types.js';
import {parseTranscript, repairConversation} from '../../src/session/transcript.js';

const header = JSON.stringify({type: 'header', version: 1, id: '0mx7ypa11-7f0c4034', directory: '/w', model: 'm', provider: 'openai', created: '2026-01-01T00:00:00.000Z'});
const user = (content: string) => JSON.stringify({type: 'message', at: 't', message: {role: 'user', content}});

describe('parseTranscript', () => {
  it('reads an intact transcript without warnings', () => {
    const parsed = parseTranscript(`${header}\n${user('a')}\n${user('b')}\n`, 'session x');

    expect(parsed.header?.id).toBe('0mx7ypa11-7f0c4034');
    expect(parsed.records).toHaveLength(2);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.problem).toBeUndefined();
  });

  it('skips a torn last line with a warning and counts corrupt middle lines', () => {
    const parsed = parseTranscript(`${header}\n{oops\n${user('a')}\n[1,2]\n${user('b').slice(0, 20)}`, 'session x');

    expect(parsed.records).toHaveLength(1);
    expect(parsed.tornTail).toBe(true);
    expect(parsed.skippedLines).toBe(2);
    expect(parsed.warnings).toEqual(['session x: skipped the last line, which was cut short (alex stopped while writing it).', 'session x: skipped 2 unreadable lines.']);
  });

  it('keeps a complete last line that only lacks its newline', () => {
    const parsed = parseTranscript(`${header}\n${user('a')}`, 'session x');

    expect(parsed.records).toHaveLength(1);
    expect(parsed.tornTail).toBe(false);
  });

  it('ignores record types from a newer alex and says so for a newer format', () => {
    const newer = header.replace('"version":1', '"version":2');
    const parsed = parseTranscript(`${newer}\n{"type":"hologram","x":1}\n${user('a')}\n`, 'session x');

    expect(parsed.records).toHaveLength(1);
    expect(parsed.skippedLines).toBe(0);
    expect(parsed.warnings).toEqual(['session x: written by a newer alex (format 2); loaded what this version understands.']);
  });

  it('reports an empty file and a file without a header as problems', () => {
    expect(parseTranscript('', 'session x').problem).toBe('the file is empty');
    expect(parseTranscript('\n\n', 'session x').problem).toBe('the file holds only blank lines');
    expect(parseTranscript('garbage\nmore garbage\n', 'session x').problem).toBe('no header record; none of its 2 lines could be read');
    expect(parseTranscript(`${user('a')}\n`, 'session x').problem).toBe('no header record; 1 record read');
  });

  it('says what was read of a file without a header, also when it holds only records this version does not know', () => {
    const hologram = '{"type":"hologram","x":1}';
    const mixed = parseTranscript(`{oops\n${user('a')}\n${hologram}\n${user('b')}\n{"type":"mess`, 'session x');
    const unknownOnly = parseTranscript(`${hologram}\n${hologram}\n`, 'session x');

    expect(mixed.problem).toBe('no header record; 2 records read, 1 record of a type this version does not know, 2 lines unreadable');
    expect(mixed.warnings.at(-1)).toBe('session x: no header record; 2 records read, 1 record of a type this version does not know, 2 lines unreadable.');
    expect(unknownOnly.problem).toBe('no header record; 0 records read, 2 records of a type this version does not know');
  });
});

describe('repairConversation', () => {
  const call = (id: string) => ({id, name: 'bash', arguments: '{"command":"ls"}'});

  it('returns an intact conversation unchanged', () => {
    const messages: Message[] = [
      {role: 'user', content: 'go'},
      {role: 'assistant', content: '', toolCalls: [call('a'), call('b')]},
      {role: 'tool', toolCallId: 'a', name: 'bash', content: 'x'},
      {role: 'tool', toolCallId: 'b', name: 'bash', content: 'y', isError: true},
      {role: 'assistant', content: 'done'},
    ];

    expect(repairConversation(messages)).toEqual({messages, repairs: 0});
  });

  it('answers tool calls cut off by a crash and drops results whose call is gone', () => {
    const messages: Message[] = [
      {role: 'user', content: 'go'},
      {role: 'tool', toolCallId: 'lost', name: 'bash', content: 'orphan'},
      {role: 'assistant', content: '', toolCalls: [call('a'), call('b')]},
      {role: 'tool', toolCallId: 'a', name: 'bash', content: 'x'},
      {role: 'user', content: 'again'},
      {role: 'assistant', content: '', toolCalls: [call('c')]},
    ];

    const {messages: repaired, repairs} = repairConversation(messages);

    expect(repairs).toBe(3);
    expect(repaired.map(message => (message.role === 'tool' ? `tool:${message.toolCallId}:${message.isError ?? false}` : message.role))).toEqual([
      'user',
      'assistant',
      'tool:a:false',
      'tool:b:true',
      'user',
      'assistant',
      'tool:c:true',
    ]);
  });
});
