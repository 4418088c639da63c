import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {alwaysSkipped} from './ripgrep.js';

/**
 * The JavaScript search used when no ripgrep binary is found. It honours the `.gitignore` at the
 * search root only; nested ignore files are honoured by the ripgrep path.
 */
async function listFiles(root: string, pattern: string): Promise<string[]> {
  const [{glob}, {default: ignore}] = await Promise.all([import('tinyglobby'), import('ignore')]);
  const rules = ignore().add(alwaysSkipped);
  try {
    rules.add(await readFile(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    // No ignore file at the root.
  }

  const globPattern = pattern.includes('/') ? pattern : `**/${pattern}`;
  const files = await glob(globPattern, {cwd: root, dot: true, ignore: alwaysSkipped.map(name => `**/${name}/**`)});

  return files.filter(file => !rules.ignores(file)).sort();
}

export async function globWithJs(root: string, pattern: string): Promise<string[]> {
  return listFiles(root, pattern);
}

export async function grepWithJs(root: string, regex: RegExp, include: string | undefined, maxMatches: number, signal: AbortSignal): Promise<string[]> {
  const matches: string[] = [];
  for (const file of await listFiles(root, include ?? '*')) {
    signal.throwIfAborted();
    const text = await readFile(path.join(root, file), 'utf8').catch(() => '');
    if (text.includes('\0')) {
      continue;
    }

    for (const [index, line] of text.split('\n').entries()) {
      if (regex.test(line)) {
        matches.push(`${file}:${index + 1}:${line.slice(0, 500)}`);
        if (matches.length >= maxMatches) {
          return matches;
        }
      }
    }
  }

  return matches;
}
