import {accessSync, constants} from 'node:fs';
import path from 'node:path';

let cached: Promise<string | undefined> | undefined;

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }

  return undefined;
}

/** The ripgrep binary: `rg` on PATH, else the one @vscode/ripgrep ships, else undefined (JS fallback). */
export function ripgrepPath(): Promise<string | undefined> {
  cached ??= (async () => {
    const found = onPath('rg');
    if (found) {
      return found;
    }

    try {
      const {rgPath} = await import('@vscode/ripgrep');
      return rgPath;
    } catch {
      return undefined;
    }
  })();

  return cached;
}

/** Finds the ripgrep binary to search with; undefined means the JavaScript search. */
export type FindRipgrep = () => Promise<string | undefined>;

/** Longest a glob or grep may take before it is stopped, in ms. */
export const searchTimeoutMs = 60_000;

/** Folders never searched, whatever the ignore files say. */
export const alwaysSkipped = ['.git', 'node_modules'];

/**
 * What every search passes: dotfiles are searched, and .gitignore files count outside a git
 * repository too. Only negated globs: in rg any other `--glob` overrides the ignore files, and a
 * later glob wins over an earlier one, so the user's patterns are applied apart (fileMatcher).
 */
const commonArgs = ['--hidden', '--no-require-git', ...alwaysSkipped.flatMap(name => ['--glob', `!${name}`])];

export type RipgrepOutput = {stdout: string; stderr: string; exitCode: number | undefined};

/** Runs rg in `cwd`; the signal (the turn's, with the search deadline) stops it. */
export async function runRipgrep(rg: string, args: string[], cwd: string, signal: AbortSignal): Promise<RipgrepOutput> {
  const {execa} = await import('execa');
  const result = await execa(rg, [...commonArgs, ...args], {cwd, stdin: 'ignore', cancelSignal: signal, reject: false, stripFinalNewline: true, maxBuffer: 20_000_000});
  signal.throwIfAborted();

  return {stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode};
}

/** Files below `folder` that the ignore files let through, relative to it, unsorted. */
export async function listFilesWithRipgrep(rg: string, folder: string, signal: AbortSignal): Promise<string[]> {
  const result = await runRipgrep(rg, ['--files', '--null'], folder, signal);
  // Exit 2 with a list means some folders could not be read; what could be read is the answer.
  if (result.exitCode === 2 && result.stdout === '') {
    throw new Error(result.stderr.split('\n', 1)[0]);
  }

  return result.stdout.split('\0').filter(Boolean);
}
