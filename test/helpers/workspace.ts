import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TempRepo = {dir: string; home: string; cleanup(): void};

/** A temporary git repository (a plain folder with `git: false`) with the given files, and an empty ALEX_HOME beside it. */
export function tempRepo(files: Record<string, string> = {}, options: {git?: boolean} = {}): TempRepo {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'alex-test-')));
  const dir = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
    writeFileSync(path.join(dir, name), content);
  }

  if (options.git !== false) {
    execFileSync('git', ['init', '-q'], {cwd: dir});
  }

  return {dir, home, cleanup: () => rmSync(root, {recursive: true, force: true})};
}
