import {chmodSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/**
 * Writes JSON to a file of the data folder that only its owner can read (0600), through a
 * temporary file and a rename, so a reader never sees half a file and a crash leaves the old one.
 */
export function writePrivateJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, {mode: 0o600});
  // The mode given to writeFileSync is narrowed by the umask but never widened; chmod makes it exact.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
