import type {Dirent} from 'node:fs';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import type {Ignore} from 'ignore';
import {alwaysSkipped} from './ripgrep.js';
import {readTextFile} from './workspace.js';

/**
 * The JavaScript search used when no ripgrep binary is found. Like `rg --no-require-git`, it
 * honours every .gitignore in and above the searched folder, in a git repository or not.
 * Not supported here: `.ignore`, `.rgignore`, `.git/info/exclude` and git's global excludes file,
 * which ripgrep also reads; files they exclude are searched by this fallback.
 */

/** The rules of one .gitignore; its patterns are relative to `folder`. */
type IgnoreLayer = {folder: string; rules: Ignore};

/** Largest .gitignore read, and largest file searched by grep, in bytes. */
const maxIgnoreBytes = 1024 * 1024;
const maxSearchedBytes = 10 * 1024 * 1024;

async function ignoreLayer(folder: string): Promise<IgnoreLayer | undefined> {
  let text: string;
  try {
    text = await readTextFile(path.join(folder, '.gitignore'), maxIgnoreBytes);
  } catch {
    return undefined;
  }

  const {default: ignore} = await import('ignore');
  return {folder, rules: ignore().add(text)};
}

/** The .gitignore files of the folders above `folder`, outermost first. */
async function layersAbove(folder: string): Promise<IgnoreLayer[]> {
  const folders: string[] = [];
  for (let current = path.dirname(folder); !folders.includes(current); current = path.dirname(current)) {
    folders.unshift(current);
  }

  const layers = await Promise.all(folders.map(ignoreLayer));
  return layers.filter(layer => layer !== undefined);
}

/** As git decides: the deepest .gitignore with a rule for the path wins, a `!` rule re-includes. */
function isIgnored(layers: IgnoreLayer[], absolute: string, isFolder: boolean): boolean {
  for (const layer of layers.toReversed()) {
    const relative = path.relative(layer.folder, absolute) + (isFolder ? '/' : '');
    const {ignored, unignored} = layer.rules.test(relative);
    if (ignored || unignored) {
      return ignored;
    }
  }

  return false;
}

async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(folder, {withFileTypes: true});
    return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    // An unreadable folder is skipped, as rg skips it.
    return [];
  }
}

/** Collects the regular files below `folder`; symlinks, FIFOs and sockets are skipped as rg skips them. */
async function walk(folder: string, above: IgnoreLayer[], found: string[], signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const own = await ignoreLayer(folder);
  const layers = own ? [...above, own] : above;
  for (const entry of await entriesOf(folder)) {
    const absolute = path.join(folder, entry.name);
    if (alwaysSkipped.includes(entry.name) || isIgnored(layers, absolute, entry.isDirectory())) {
      continue;
    }

    if (entry.isDirectory()) {
      await walk(absolute, layers, found, signal);
    } else if (entry.isFile()) {
      found.push(absolute);
    }
  }
}

/** Files below `folder` that the .gitignore files let through, relative to it, as `rg --files` lists them. */
export async function listFilesWithJs(folder: string, signal: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  await walk(folder, await layersAbove(folder), found, signal);

  return found.map(file => path.relative(folder, file));
}

/** A file to search, and the path its matches are shown with. */
export type SearchedFile = {absolute: string; shown: string};

/** The `path:line:text` matches of `regex` in the files, at most `maxMatches`; binary and unreadable files are skipped. */
export async function grepWithJs(files: SearchedFile[], regex: RegExp, maxMatches: number, signal: AbortSignal): Promise<string[]> {
  const matches: string[] = [];
  for (const file of files) {
    signal.throwIfAborted();
    const text = await readTextFile(file.absolute, maxSearchedBytes).catch(() => '\0');
    if (text.includes('\0')) {
      continue;
    }

    for (const [index, line] of text.split('\n').entries()) {
      if (regex.test(line)) {
        matches.push(`${file.shown}:${index + 1}:${line.slice(0, 500)}`);
        if (matches.length >= maxMatches) {
          return matches;
        }
      }
    }
  }

  return matches;
}
