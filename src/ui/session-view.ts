import os from 'node:os';
import type {BodyRecord, HeaderRecord, SessionSummary} from '../session/index.js';
import {inertText as inert} from '../terminal-text.js';

function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '?';
  }

  const pad = (value: number) => String(value).padStart(2, '0');

  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function shortDirectory(directory: string): string {
  const home = os.homedir();
  return directory.startsWith(`${home}/`) ? `~${directory.slice(home.length)}` : directory;
}

/** `alex sessions list` as a table, newest first; `withDirectory` adds the folder column (--all). */
export function sessionTable(summaries: readonly SessionSummary[], withDirectory: boolean): string {
  const rows = summaries.map(summary => {
    const title = summary.damaged ? `[damaged: ${summary.damaged}] ${summary.title}` : summary.title;
    const directory = summary.directory === '' ? '?' : shortDirectory(summary.directory);
    const cells = [summary.id, localTime(summary.updated), String(summary.messages), summary.model || '?'];

    return [...cells, ...(withDirectory ? [directory] : []), inert(title)];
  });
  const header = ['ID', 'UPDATED', 'MSGS', 'MODEL', ...(withDirectory ? ['DIRECTORY'] : []), 'TITLE'];
  const all = [header, ...rows];
  const widths = header.map((_name, column) => Math.max(...all.map(row => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ');

  return all.map(row => line(row)).join('\n');
}

const shownResultLines = 8;

function indent(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? first : rest) + line)
    .join('\n');
}

function toolResult(content: string, isError: boolean): string {
  const lines = inert(content.replace(/\r\n/g, '\n')).split('\n');
  const shown = lines.slice(0, shownResultLines);
  if (lines.length > shownResultLines) {
    shown.push(`… ${lines.length - shownResultLines} more lines`);
  }

  return indent(shown.join('\n'), isError ? '  ✗ ' : '  ⎿ ', '    ');
}

function recordText(record: BodyRecord): string | undefined {
  switch (record.type) {
    case 'message': {
      const {message} = record;
      if (message.role === 'user') {
        return indent(inert(message.content.trimEnd()), '> ', '  ');
      }

      if (message.role === 'tool') {
        return toolResult(message.content, message.isError ?? false);
      }

      const calls = (message.toolCalls ?? []).map(call => `● ${call.name} ${inert(call.arguments)}`);

      return [inert(message.content), ...calls].filter(part => part !== '').join('\n');
    }

    case 'compaction': {
      return `— ${record.coveredMessages} earlier messages compacted (${record.method}) —`;
    }

    case 'turn_end': {
      return record.reason === 'end' ? undefined : `— run ended: ${record.reason}${record.result ? `: ${inert(record.result)}` : ''} —`;
    }

    case 'model': {
      return `— continued with ${inert(record.model)} (${inert(record.provider)}) —`;
    }

    default: {
      return undefined;
    }
  }
}

/** `alex sessions show`: the header line, then each prompt, reply, tool call and result, readably. */
export function transcriptText(header: HeaderRecord, records: readonly BodyRecord[]): string {
  const title = `session ${header.id} · ${header.model} (${header.provider}) · ${shortDirectory(header.directory)} · started ${localTime(header.created)}`;
  let text = title;
  for (const record of records) {
    const part = recordText(record);
    if (part !== undefined) {
      // A tool result sits right under its call; everything else is a paragraph of its own.
      const isResult = record.type === 'message' && record.message.role === 'tool';
      text += (isResult ? '\n' : '\n\n') + part;
    }
  }

  return text;
}
