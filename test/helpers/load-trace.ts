import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const loadTraceRegister = path.resolve(import.meta.dirname, '../../fixtures/load-trace/register.js');

/** A temporary trace file and a reader of the bundle chunks recorded in it. */
export function loadTrace(): {file: string; chunks(): string[]; cleanup(): void} {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'alex-trace-'));
  const file = path.join(folder, 'trace.txt');

  return {
    file,
    chunks: () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(url => url.includes('/dist/'))
        .map(url => url.slice(url.indexOf('/dist/') + 1)),
    cleanup: () => rmSync(folder, {recursive: true, force: true}),
  };
}
