import {randomBytes} from 'node:crypto';

/** A new session id: a base-36 timestamp (so ids sort by time) and random hex, e.g. "0mikx3f2q-9c1e4b7a". */
export function newSessionId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

const idPattern = /^[0-9a-z]{1,9}(?:-[0-9a-f]{0,8})?$/;

/** True for a full id or a prefix of one; anything else (paths, `..`) is not an id. */
export function isSessionIdPrefix(value: string): boolean {
  return idPattern.test(value);
}
