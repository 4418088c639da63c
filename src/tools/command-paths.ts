import {realpathSync} from 'node:fs';
import path from 'node:path';
import {isWithin} from './workspace.js';

/** Longest short-option word looked into for attached values; a longer one counts as naming a file outside. */
const maxClusterLength = 256;

/**
 * Every word of a command's arguments that may name a file: operands, everything after `--`,
 * the value after `=` in a long option (`date --file=/etc/x`), and every tail of a short option
 * word, since a letter may take the rest as its value (`grep -nf/etc/x`).
 */
export function pathWords(args: string[]): string[] {
  const words: string[] = [];
  let operands = false;
  for (const arg of args) {
    if (operands || !arg.startsWith('-') || arg === '-') {
      words.push(arg);
    } else if (arg === '--') {
      operands = true;
    } else if (arg.startsWith('--')) {
      words.push(...(arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1)] : []));
    } else {
      words.push(...shortOptionTails(arg));
    }
  }

  return words;
}

function shortOptionTails(arg: string): string[] {
  if (arg.length > maxClusterLength) {
    return ['/'];
  }

  return Array.from({length: Math.max(arg.length - 2, 0)}, (_, index) => arg.slice(index + 2));
}

/** The real path of a file, or of its deepest existing folder joined with the rest when it does not exist. */
function realPathOf(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
  }
}

/**
 * The real path a command word names, relative words against the workspace. Bash expands `~`
 * at the start of a word and after `=` or `:` in an assignment-like word (`a=~/x`): such a word
 * names a file in `home` when it is `~` or `~/…` and home is given, and is undefined otherwise.
 */
export function wordPath(workspace: string, word: string, home?: string): string | undefined {
  if (/(?:^|[=:])~/.test(word)) {
    const inHome = home !== undefined && (word === '~' || word.startsWith('~/'));
    return inHome ? realPathOf(path.join(home, word.slice(1))) : undefined;
  }

  return realPathOf(path.resolve(workspace, word));
}

/** Whether a word names nothing outside the workspace (symlinks and `..` resolved, `~` counting as outside). */
export function staysInside(workspace: string, word: string): boolean {
  const file = wordPath(workspace, word);
  return file !== undefined && isWithin(workspace, file);
}
