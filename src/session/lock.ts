import {randomBytes} from 'node:crypto';
import {readFileSync, renameSync, unlinkSync} from 'node:fs';
import os from 'node:os';
import {RunError} from '../errors.js';
import {createFileWhole, sessionPaths} from './files.js';

/** Who holds a session's writer lock. */
export type LockOwner = {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
};

type LockContent = LockOwner & {
  token: string;
  /** The process's start time from /proc on Linux, so that a reused pid is not taken for the owner. */
  started?: string;
};

/** Field 22 of /proc/<pid>/stat (start time since boot), or undefined where there is no /proc. */
function processStart(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A held writer lock; `release` removes the lock file if it is still ours. */
export type SessionLock = {
  readonly file: string;
  release(): void;
  /** True while the lock file on disk is still this one (it goes when the folder is removed). */
  isHeld(): boolean;
};

function readLock(file: string): LockContent | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }

    throw error;
  }

  try {
    const raw = JSON.parse(text) as Partial<LockContent>;
    if (typeof raw.pid === 'number' && typeof raw.token === 'string') {
      return {pid: raw.pid, host: String(raw.host ?? ''), since: String(raw.since ?? ''), token: raw.token, started: raw.started};
    }
  } catch {
    // A lock file that does not parse was not written by a live alex: lock files appear whole.
  }

  return {pid: 0, host: os.hostname(), since: '', token: ''};
}

/** True when the process could still be writing: it runs, or it is on another machine and cannot be checked. */
function isLive(owner: LockContent): boolean {
  if (owner.host !== os.hostname()) {
    return true;
  }

  if (owner.pid <= 0) {
    return false;
  }

  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }

  const started = owner.started === undefined ? undefined : processStart(owner.pid);

  return started === undefined || started === owner.started;
}

/** The live process holding the session's lock, or undefined when it is free (or the lock is stale). */
export function lockOwner(directory: string, id: string): LockOwner | undefined {
  const owner = readLock(sessionPaths(directory, id).lock);
  if (!owner || !isLive(owner)) {
    return undefined;
  }

  return {pid: owner.pid, host: owner.host, since: owner.since};
}

/** The message a second writer gets; it names the process that has the session open. */
export function busyMessage(id: string, owner: LockOwner): string {
  const where = owner.host === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
  const self = owner.pid === process.pid && owner.host === os.hostname() ? ' (this alex)' : '';

  return `Session ${id} is open in another alex (${where}${self}, since ${owner.since}); close that one first, or start a new session.`;
}

/**
 * Moves a stale lock out of the way. The rename is atomic, so of two processes breaking the same
 * stale lock one wins; a process that renamed a lock taken meanwhile by a live one puts it back.
 */
function breakStale(file: string, stale: LockContent): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }

    throw error;
  }

  const moved = readLock(aside);
  if (moved && moved.token !== stale.token) {
    try {
      createFileWhole(file, readFileSync(aside, 'utf8'));
    } catch {
      // Someone else took the lock meanwhile; the retry in acquireLock sees who.
    }
  }

  unlinkSync(aside);
}

/** Takes the writer lock of a session; throws a RunError naming the live owner when it is taken. */
export function acquireLock(directory: string, id: string): SessionLock {
  const file = sessionPaths(directory, id).lock;
  const mine: LockContent = {pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex'), started: processStart('self')};
  for (let attempt = 0; ; attempt++) {
    try {
      createFileWhole(file, JSON.stringify(mine));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }

    const owner = readLock(file);
    if (owner && isLive(owner)) {
      throw new RunError(busyMessage(id, owner), 'session_busy');
    }

    if (attempt >= 3) {
      throw new RunError(`Could not take the lock ${file}: it keeps changing; another alex may be opening the same session.`, 'session_busy');
    }

    if (owner) {
      breakStale(file, owner);
    }
  }

  return {
    file,
    isHeld: () => readLock(file)?.token === mine.token,
    release() {
      try {
        if (readLock(file)?.token === mine.token) {
          unlinkSync(file);
        }
      } catch {
        // The folder may be gone or unwritable; a lock left behind is detected as stale.
      }
    },
  };
}
