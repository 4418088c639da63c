import {readFileSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {log} from '../log.js';
import {writePrivateJson} from './private-file.js';

/** The answer recorded for a folder: its `.mcp.json` servers may run, may not, or nobody was asked. */
export type FolderTrust = 'trusted' | 'untrusted' | 'unknown';

type TrustRecord = {folders: Record<string, {trusted: boolean; at: string}>};

export function trustFilePath(dataDir: string): string {
  return path.join(dataDir, 'trusted-folders.json');
}

/** How a folder is named in the data folder's records: its real path. */
export function folderKey(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

function readRecord(file: string): TrustRecord {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return {folders: {}};
  }

  try {
    const value = JSON.parse(raw) as Partial<TrustRecord>;
    if (typeof value.folders === 'object' && value.folders !== null) {
      return {folders: value.folders};
    }
  } catch {
    // Handled below: a broken file trusts nothing.
  }

  log.warnOnce('trust-file', 'trusted-folders.json is not readable JSON; no folder is trusted', {file});
  return {folders: {}};
}

/** What was answered for this folder, if anything. */
export function folderTrust(dataDir: string, folder: string): FolderTrust {
  const entry = readRecord(trustFilePath(dataDir)).folders[folderKey(folder)];
  if (entry === undefined) {
    return 'unknown';
  }

  return entry.trusted === true ? 'trusted' : 'untrusted';
}

/** Records the answer for a folder in the data folder (a file only its owner can read, 0600). */
export function recordFolderTrust(dataDir: string, folder: string, trusted: boolean): void {
  const file = trustFilePath(dataDir);
  const record = readRecord(file);
  record.folders[folderKey(folder)] = {trusted, at: new Date().toISOString()};
  writePrivateJson(file, record);
}
