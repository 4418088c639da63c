import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {redactSecrets} from './redact.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

let logFile: string | undefined;
const warnedCodes = new Set<string>();

/** Turns on the debug log (`--debug`); until then every call below costs one comparison. */
export function enableLog(dataDir: string): string {
  const folder = path.join(dataDir, 'logs');
  mkdirSync(folder, {recursive: true, mode: 0o700});
  logFile = path.join(folder, `alex-${new Date().toISOString().slice(0, 10)}.log`);

  return logFile;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (logFile === undefined) {
    return;
  }

  const line = `${new Date().toISOString()} ${level} [${process.pid}] ${message}${fields ? ' ' + JSON.stringify(fields) : ''}\n`;
  try {
    appendFileSync(logFile, redactSecrets(line), {mode: 0o600});
  } catch {
    // A log that cannot be written must not break the run.
  }
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
  /** Logs a warning once per code, however often it happens. */
  warnOnce(code: string, message: string, fields?: Record<string, unknown>) {
    if (warnedCodes.has(code)) {
      return;
    }

    warnedCodes.add(code);
    write('warn', message, fields);
  },
};
