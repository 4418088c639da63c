import {readFileSync, renameSync, writeFileSync} from 'node:fs';
import {rename, rm, writeFile} from 'node:fs/promises';
import {removeTemporary} from './files.js';
import type {BodyRecord, HeaderRecord} from './records.js';
import type {Transcript} from './transcript.js';

/** What `alex sessions list` shows of a session, kept beside its transcript so listing never reads transcripts. */
export type SessionSummary = {
  id: string;
  /** The first line of the first prompt, cut to 80 characters. */
  title: string;
  /** The workspace the session ran in; empty when the header could not be read. */
  directory: string;
  model: string;
  provider: string;
  /** ISO times. */
  created: string;
  updated: string;
  /** Messages in the conversation: prompts, replies and tool results. */
  messages: number;
  /** Transcript size in bytes when this summary was written; a different size means the summary is stale. */
  size: number;
  /** Why the transcript cannot be used, when it cannot; such a session is listed, never hidden or deleted. */
  damaged?: string;
  /** Unreadable lines skipped when the summary was built from the transcript. */
  skippedLines?: number;
};

/** Bumped when the summary's fields change, so that older summaries are rebuilt. */
const summaryVersion = 1;

const maxTitle = 80;

/** A title from a prompt: its first non-empty line, cut to 80 characters. */
export function titleOf(prompt: string): string {
  const line = prompt.split('\n').find(part => part.trim() !== '')?.trim() ?? '';
  return line.length > maxTitle ? `${line.slice(0, maxTitle - 1)}…` : line;
}

/** What a summary takes from the records: message count, title, and the model last continued with. */
export type Tally = {messages: number; title: string; model?: {model: string; provider: string}};

/** Counts messages and finds the title and the latest model record in a run of records. */
export function tally(records: readonly BodyRecord[]): Tally {
  const counts: Tally = {messages: 0, title: ''};
  for (const record of records) {
    if (record.type === 'message') {
      counts.messages++;
      if (counts.title === '' && record.message.role === 'user') {
        counts.title = titleOf(record.message.content);
      }
    }

    if (record.type === 'model') {
      counts.model = {model: record.model, provider: record.provider};
    }
  }

  return counts;
}

/** The summary a writer keeps up to date as it appends. */
export function summaryOf(header: HeaderRecord, counts: Tally, size: number, updated: Date): SessionSummary {
  const {id, directory, created} = header;
  const {model, provider} = counts.model ?? header;
  return {id, title: counts.title, directory, model, provider, created, updated: updated.toISOString(), messages: counts.messages, size};
}

/** Rebuilds a summary from a transcript that was read whole. */
export function summaryFromTranscript(id: string, transcript: Transcript, size: number, modified: Date): SessionSummary {
  const header = transcript.header;
  const counts = tally(transcript.records);
  const summary: SessionSummary = {
    id,
    title: counts.title,
    directory: header?.directory ?? '',
    model: counts.model?.model ?? header?.model ?? '',
    provider: counts.model?.provider ?? header?.provider ?? '',
    created: header?.created ?? modified.toISOString(),
    updated: modified.toISOString(),
    messages: counts.messages,
    size,
  };
  if (transcript.problem) {
    summary.damaged = transcript.problem;
  }

  if (transcript.skippedLines > 0 || transcript.tornTail) {
    summary.skippedLines = transcript.skippedLines + (transcript.tornTail ? 1 : 0);
  }

  return summary;
}

/** Reads a summary file; undefined when it is missing, unreadable or from another summary version. */
export function readSummary(file: string): SessionSummary | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as SessionSummary & {v?: number};
    if (raw.v !== summaryVersion || typeof raw.id !== 'string' || typeof raw.size !== 'number') {
      return undefined;
    }

    const {v: _version, ...summary} = raw;

    return summary;
  } catch {
    return undefined;
  }
}

function summaryText(summary: SessionSummary): string {
  return JSON.stringify({v: summaryVersion, ...summary});
}

/** Writes a summary atomically (a temporary file renamed over it), without waiting. */
export async function writeSummary(file: string, summary: SessionSummary): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, summaryText(summary), {mode: 0o600});
    await rename(temporary, file);
  } catch (error) {
    // A write cut short by a full disk, or a rename refused, leaves the temporary file: it goes.
    await rm(temporary, {force: true}).catch(() => undefined);
    throw error;
  }
}

/** The same, synchronously, for the list command that rebuilt a lost summary. */
export function writeSummarySync(file: string, summary: SessionSummary): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, summaryText(summary), {mode: 0o600});
    renameSync(temporary, file);
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  }
}
