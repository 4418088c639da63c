import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

/** The transcript files under an ALEX_HOME. */
export function transcriptFiles(home: string): string[] {
  try {
    return readdirSync(path.join(home, 'sessions')).filter(name => name.endsWith('.jsonl'));
  } catch {
    return [];
  }
}

/** The parsed lines of a session's transcript (every line must parse). */
export function transcriptRecords(home: string, id: string): Array<Record<string, any>> {
  const text = readFileSync(path.join(home, 'sessions', `${id}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as Record<string, any>);
}

/** The stream-json lines a headless run printed. */
export function streamLines(stdout: string): Array<Record<string, any>> {
  return stdout
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line) as Record<string, any>);
}
