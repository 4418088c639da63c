// Prompts typed in the TUI, one file per workspace under the data folder, for Up/Down recall.
// A line is one JSON string; writes append, so two alex windows in one folder do not clash.
import {createHash} from 'node:crypto';
import {appendFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {errorMessage} from '../errors.js';
import {log} from '../log.js';

/** Prompts kept per workspace; older ones are dropped when the file is next read. */
export const historyLimit = 500;

export function historyFile(dataDir: string, workspace: string): string {
  const key = createHash('sha256').update(workspace).digest('hex').slice(0, 16);
  return path.join(dataDir, 'history', `${key}.jsonl`);
}

function parseLine(line: string): string | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export class PromptHistory {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** The stored prompts, oldest first; an unreadable file gives none. */
  async load(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warnOnce('history-read', 'cannot read the prompt history', {file: this.file, error: errorMessage(error)});
      }

      return [];
    }

    const lines = text.split('\n').filter(Boolean);
    const prompts = lines.map(parseLine).filter(prompt => prompt !== undefined);
    if (lines.length > historyLimit * 2) {
      await this.rewrite(prompts.slice(-historyLimit));
    }

    return prompts.slice(-historyLimit);
  }

  /** Appends a prompt; a failed write is logged and otherwise ignored. */
  async add(prompt: string): Promise<void> {
    try {
      await mkdir(path.dirname(this.file), {recursive: true, mode: 0o700});
      await appendFile(this.file, `${JSON.stringify(prompt)}\n`, {mode: 0o600});
    } catch (error) {
      log.warnOnce('history-write', 'cannot write the prompt history', {file: this.file, error: errorMessage(error)});
    }
  }

  private async rewrite(prompts: string[]): Promise<void> {
    try {
      await writeFile(this.file, prompts.map(prompt => `${JSON.stringify(prompt)}\n`).join(''), {mode: 0o600});
    } catch (error) {
      log.warnOnce('history-write', 'cannot write the prompt history', {file: this.file, error: errorMessage(error)});
    }
  }
}
