// The session store: every conversation is an append-only JSONL transcript under
// <data folder>/sessions/, written off the caller's path by one process at a time.
import {sessionPaths, sessionsDirectory} from './files.js';
import {newSessionId} from './id.js';
import {acquireLock, lockOwner, type LockOwner} from './lock.js';
import {formatVersion, type BodyRecord} from './records.js';
import {SessionRecorder} from './recorder.js';
import type {LoadedSession} from './store.js';
import {tally} from './summary.js';

export {isSessionIdPrefix, newSessionId} from './id.js';
export {sessionsDirectory} from './files.js';
export {busyMessage, type LockOwner} from './lock.js';
export {flushDelayMs, SessionRecorder, type RecorderState} from './recorder.js';
export type {BodyRecord, HeaderRecord, RecordedEvent, SessionRecord} from './records.js';
export {deleteSession, latestSession, listSessions, loadSession, resolveSessionId, type ListOptions, type LoadedSession} from './store.js';
export type {SessionSummary} from './summary.js';

export type StartOptions = {
  /** The data folder (`RunConfig.dataDir`). */
  dataDir: string;
  /** The workspace the session runs in. */
  directory: string;
  model: string;
  provider: string;
  /** Called with a one-line warning at the first write error and at a close that could not save everything (headless: stderr; the TUI also reads `state`). */
  onWarning?: (message: string) => void;
  /** Records to start from, e.g. a copy of a busy session's; they are written with the new header. */
  records?: readonly BodyRecord[];
  /** Defaults to a new time-sortable id. */
  id?: string;
};

/** Starts recording a new session. Nothing touches the disk until the first record is written. */
export function startSession(options: StartOptions): SessionRecorder {
  const id = options.id ?? newSessionId();
  const header = {type: 'header', version: formatVersion, id, directory: options.directory, model: options.model, provider: options.provider, created: new Date().toISOString()} as const;
  const records = options.records ?? [];

  return new SessionRecorder({directory: sessionsDirectory(options.dataDir), header, lock: undefined, exists: false, records, onWarning: options.onWarning}, tally(records));
}

/**
 * Continues recording a loaded session, appending to its transcript. Takes the session's writer
 * lock now: a RunError with code `session_busy` names the process that has it open.
 */
export function resumeSession(dataDir: string, loaded: LoadedSession, options: {onWarning?: (message: string) => void} = {}): SessionRecorder {
  const directory = sessionsDirectory(dataDir);
  const lock = acquireLock(directory, loaded.id);

  return new SessionRecorder({directory, header: loaded.header, lock, exists: true, records: loaded.records, onWarning: options.onWarning}, tally(loaded.records));
}

/** The live process that has a session open for writing, if any; the TUI asks before resuming such a session. */
export function sessionOwner(dataDir: string, id: string): LockOwner | undefined {
  return lockOwner(sessionsDirectory(dataDir), id);
}

/** The transcript file of a session id. */
export function transcriptPath(dataDir: string, id: string): string {
  return sessionPaths(sessionsDirectory(dataDir), id).transcript;
}
