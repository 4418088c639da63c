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

/** Folders never searched, whatever the ignore files say. */
export const alwaysSkipped = ['.git', 'node_modules'];
