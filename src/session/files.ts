import {linkSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Where the sessions live inside the data folder. */
export function sessionsDirectory(dataDir: string): string {
  return path.join(dataDir, 'sessions');
}

/** The three files of one session: the transcript, its summary (a rebuildable cache) and the writer's lock. */
export function sessionPaths(directory: string, id: string) {
  // Plain joins: `directory` is already absolute and `id` a checked id; listing builds 9,000 of these.
  const base = `${directory}${path.sep}${id}`;

  return {transcript: `${base}.jsonl`, summary: `${base}.summary.json`, lock: `${base}.lock`};
}

const transcriptName = /^([0-9a-z]{9}-[0-9a-f]{8})\.jsonl$/;

/** The session id of a transcript file name, or undefined for any other file. */
export function idOfFileName(name: string): string | undefined {
  return transcriptName.exec(name)?.[1];
}

/** A name beside `file` for writing it whole before it is linked or renamed into place. */
export function temporaryPath(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
}

/** Removes a temporary file if it is there; a failure to remove it never hides the error that came first. */
export function removeTemporary(file: string): void {
  try {
    rmSync(file, {force: true});
  } catch {
    // ENOTDIR or EACCES: the file could not have been created there either.
  }
}

/**
 * Creates `file` with `content` in one step: written beside it first, then hard-linked into
 * place, so nobody ever sees it empty or half written. Throws EEXIST when `file` exists.
 */
export function createFileWhole(file: string, content: string): void {
  const temporary = temporaryPath(file);
  // The write is inside the try: on a full disk it fails after creating the file, and each retry would leave one.
  try {
    writeFileSync(temporary, content, {mode: 0o600, flag: 'wx'});
    linkSync(temporary, file);
  } finally {
    removeTemporary(temporary);
  }
}
