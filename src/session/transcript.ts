import type {Message} from '../llm/types.js';
import {formatVersion, parseLine, type BodyRecord, type HeaderRecord} from './records.js';

/** What a reader made of one transcript file; reading never changes the file. */
export type Transcript = {
  header: HeaderRecord | undefined;
  records: BodyRecord[];
  /** Corrupt lines in the middle of the file, skipped. */
  skippedLines: number;
  /** The last line was cut short (a crash while writing) and was skipped. */
  tornTail: boolean;
  /** Why the file cannot be used at all (no readable header), or undefined. */
  problem: string | undefined;
  /** One line each, for the user: what was skipped and why. */
  warnings: string[];
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What was read of the lines of a file, for saying why it cannot be used. */
type LineCounts = {records: number; unknown: number; unreadable: number};

function describeProblem(text: string, header: HeaderRecord | undefined, counts: LineCounts): string | undefined {
  if (text.trim() === '') {
    return text.length === 0 ? 'the file is empty' : 'the file holds only blank lines';
  }

  if (header) {
    return undefined;
  }

  const {records, unknown, unreadable} = counts;
  if (records === 0 && unknown === 0) {
    return `no header record; none of its ${plural(unreadable, 'line')} could be read`;
  }

  const read = [`${plural(records, 'record')} read`];
  if (unknown > 0) {
    read.push(`${plural(unknown, 'record')} of a type this version does not know`);
  }

  if (unreadable > 0) {
    read.push(`${plural(unreadable, 'line')} unreadable`);
  }

  return `no header record; ${read.join(', ')}`;
}

/** Parses the text of a transcript: a torn last line and corrupt lines are skipped and reported. */
export function parseTranscript(text: string, name: string): Transcript {
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  let header: HeaderRecord | undefined;
  const records: BodyRecord[] = [];
  let skippedLines = 0;
  let unknownLines = 0;
  let tornTail = false;
  const take = (line: string, last: boolean) => {
    const parsed = parseLine(line);
    if (parsed.kind === 'corrupt') {
      if (last) {
        tornTail = true;
      } else {
        skippedLines++;
      }
    } else if (parsed.kind === 'unknown') {
      unknownLines++;
    } else if (parsed.record.type === 'header') {
      header ??= parsed.record;
    } else {
      records.push(parsed.record);
    }
  };

  for (const line of lines) {
    if (line !== '') {
      take(line, false);
    }
  }

  if (tail !== '') {
    take(tail, true);
  }

  const warnings: string[] = [];
  if (tornTail) {
    warnings.push(`${name}: skipped the last line, which was cut short (alex stopped while writing it).`);
  }

  if (skippedLines > 0) {
    warnings.push(`${name}: skipped ${skippedLines} unreadable line${skippedLines === 1 ? '' : 's'}.`);
  }

  if (header && header.version > formatVersion) {
    warnings.push(`${name}: written by a newer alex (format ${header.version}); loaded what this version understands.`);
  }

  const problem = describeProblem(text, header, {records: records.length, unknown: unknownLines, unreadable: skippedLines + (tornTail ? 1 : 0)});
  if (problem) {
    warnings.push(`${name}: ${problem}.`);
  }

  return {header, records, skippedLines, tornTail, problem, warnings};
}

/** The conversation in a transcript's records, in order. */
export function messagesOf(records: readonly BodyRecord[]): Message[] {
  const messages: Message[] = [];
  for (const record of records) {
    if (record.type === 'message') {
      messages.push(record.message);
    }
  }

  return messages;
}

const interruptedResult = 'Not run: the session ended (alex was stopped) before this tool call finished.';

/**
 * Makes a conversation that was cut off valid for a model API again: a tool call without a result
 * (the process died while the tool ran) gets an explicit "not run" result, and a tool result whose
 * call is gone (its line was unreadable) is dropped. An intact conversation comes back unchanged.
 */
export function repairConversation(messages: readonly Message[]): {messages: Message[]; repairs: number} {
  const repaired: Message[] = [];
  let repairs = 0;
  let open: Map<string, string> = new Map();
  const closeOpen = () => {
    for (const [id, name] of open) {
      repaired.push({role: 'tool', toolCallId: id, name, content: interruptedResult, isError: true});
      repairs++;
    }

    open = new Map();
  };

  for (const message of messages) {
    if (message.role === 'tool') {
      if (open.delete(message.toolCallId)) {
        repaired.push(message);
      } else {
        repairs++;
      }

      continue;
    }

    closeOpen();
    repaired.push(message);
    for (const call of message.role === 'assistant' ? (message.toolCalls ?? []) : []) {
      open.set(call.id, call.name);
    }
  }

  closeOpen();

  return {messages: repaired, repairs};
}
