import {readdirSync, readFileSync, statSync, unlinkSync} from 'node:fs';
import {RunError, UsageError} from '../errors.js';
import type {Message} from '../llm/types.js';
import {isSessionIdPrefix} from './id.js';
import {idOfFileName, sessionPaths, sessionsDirectory} from './files.js';
import {busyMessage, lockOwner} from './lock.js';
import type {BodyRecord, HeaderRecord} from './records.js';
import {readSummary, summaryFromTranscript, writeSummarySync, type SessionSummary} from './summary.js';
import {messagesOf, parseTranscript, repairConversation, type Transcript} from './transcript.js';

/** A session read back for resuming or showing. */
export type LoadedSession = {
  id: string;
  /** The transcript file. */
  file: string;
  header: HeaderRecord;
  /** Every readable record after the header, in order. */
  records: BodyRecord[];
  /** The conversation to hand to the agent: exactly what was recorded, made valid if a crash cut a tool call off. */
  messages: Message[];
  /** What the reader skipped or repaired, one line each; empty for an intact file. */
  warnings: string[];
};

function transcriptIds(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }

    throw error;
  }

  const ids: string[] = [];
  for (const name of names) {
    const id = idOfFileName(name);
    if (id) {
      ids.push(id);
    }
  }

  return ids;
}

function readTranscript(file: string, id: string): Transcript {
  return parseTranscript(readFileSync(file, 'utf8'), `session ${id}`);
}

/** The summary of one session: its summary file when current, else rebuilt from the transcript and saved. */
function summaryFor(directory: string, id: string): SessionSummary | undefined {
  const paths = sessionPaths(directory, id);
  const stats = statSync(paths.transcript, {throwIfNoEntry: false});
  if (!stats) {
    return undefined;
  }

  const kept = readSummary(paths.summary);
  if (kept && kept.size === stats.size) {
    return kept;
  }

  let rebuilt: SessionSummary;
  try {
    rebuilt = summaryFromTranscript(id, readTranscript(paths.transcript, id), stats.size, stats.mtime);
  } catch (error) {
    const problem = `cannot be read: ${(error as Error).message}`;
    return {id, title: '', directory: '', model: '', provider: '', created: stats.mtime.toISOString(), updated: stats.mtime.toISOString(), messages: 0, size: stats.size, damaged: problem};
  }

  // The summary is a cache: keep the rebuilt one unless a live writer owns the session (it writes its own).
  if (!lockOwner(directory, id)) {
    try {
      writeSummarySync(paths.summary, rebuilt);
    } catch {
      // An unwritable folder only costs the next listing the same rebuild.
    }
  }

  return rebuilt;
}

export type ListOptions = {
  /** Only sessions that ran in this directory (damaged ones whose directory is unknown are always listed). */
  directory?: string;
};

/** Summaries of the stored sessions, newest first. Reads summary files, not transcripts. */
export function listSessions(dataDir: string, options: ListOptions = {}): SessionSummary[] {
  const directory = sessionsDirectory(dataDir);
  const summaries: SessionSummary[] = [];
  for (const id of transcriptIds(directory)) {
    const summary = summaryFor(directory, id);
    if (!summary) {
      continue;
    }

    if (options.directory === undefined || summary.directory === options.directory || summary.directory === '') {
      summaries.push(summary);
    }
  }

  return summaries.sort((a, b) => (a.updated === b.updated ? (a.id < b.id ? 1 : -1) : a.updated < b.updated ? 1 : -1));
}

/** The most recently updated readable session of a directory, for `alex -c`. */
export function latestSession(dataDir: string, directory: string): SessionSummary | undefined {
  return listSessions(dataDir, {directory}).find(summary => summary.directory === directory && !summary.damaged);
}

/** The full id of the one session whose id starts with `prefix`; a usage error when none or several do. */
export function resolveSessionId(dataDir: string, prefix: string): string {
  if (!isSessionIdPrefix(prefix)) {
    throw new UsageError(`"${prefix}" is not a session id: ids look like 0mikx3f2q-9c1e4b7a (alex sessions list shows them).`);
  }

  const ids = transcriptIds(sessionsDirectory(dataDir));
  if (ids.includes(prefix)) {
    return prefix;
  }

  const matches = ids.filter(id => id.startsWith(prefix)).sort();
  if (matches.length === 0) {
    throw new UsageError(`No session with id ${prefix}; alex sessions list --all shows them.`);
  }

  if (matches.length > 1) {
    const shown = matches.slice(0, 5).join(', ');
    throw new UsageError(`Session id ${prefix} is ambiguous: it starts ${matches.length} ids (${shown}${matches.length > 5 ? ', …' : ''}); give more characters.`);
  }

  return matches[0]!;
}

/** Reads a whole session; a file without a readable header cannot be resumed and gives a usage error. */
export function loadSession(dataDir: string, id: string): LoadedSession {
  const file = sessionPaths(sessionsDirectory(dataDir), id).transcript;
  let transcript: Transcript;
  try {
    transcript = readTranscript(file, id);
  } catch (error) {
    throw new RunError(`Cannot read session ${id} (${file}): ${(error as Error).message}`, 'session_unreadable', {cause: error});
  }

  if (!transcript.header) {
    throw new UsageError(`Session ${id} cannot be loaded: ${transcript.problem ?? 'no header'} (${file}). The file is kept as it is.`);
  }

  const {messages, repairs} = repairConversation(messagesOf(transcript.records));
  const warnings = [...transcript.warnings];
  if (repairs > 0) {
    warnings.push(`session ${id}: ${repairs} tool call${repairs === 1 ? '' : 's'} cut off by a crash marked as not run.`);
  }

  // The file name is the id that counts: a transcript copied under another name is written under that name.
  const header = transcript.header.id === id ? transcript.header : {...transcript.header, id};

  return {id, file, header, records: transcript.records, messages, warnings};
}

/** Deletes a session's files; refuses while another process has it open. */
export function deleteSession(dataDir: string, id: string): void {
  const directory = sessionsDirectory(dataDir);
  const owner = lockOwner(directory, id);
  if (owner) {
    throw new RunError(busyMessage(id, owner), 'session_busy');
  }

  const paths = sessionPaths(directory, id);
  for (const file of [paths.transcript, paths.summary, paths.lock]) {
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new RunError(`Cannot delete ${file}: ${(error as Error).message}`, 'session_delete', {cause: error});
      }
    }
  }
}
