// Files whose change would widen what alex, git, the shell or another program started later may
// do: writes to them ask in every mode but an explicit yolo, whatever the allow rules say.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {isWithin, realpathOfExisting} from './workspace.js';

/** In the workspace: alex's project files and all of git's folder (hooks, config, config.worktree, info/, modules/…). */
const workspaceFiles = ['.mcp.json', 'AGENTS.md'];
const workspaceFolders = ['.git'];

/** In the home folder: what shells, git, ssh, package managers and the desktop read and run on their own. */
const homeFiles = [
  '.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.bash_aliases', '.profile',
  '.zshrc', '.zshenv', '.zprofile', '.zlogin', '.zlogout', '.kshrc', '.cshrc', '.tcshrc', '.inputrc',
  '.gitconfig', '.git-credentials', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.netrc', '.curlrc', '.wgetrc',
];
const homeFolders = ['.ssh', '.gnupg', '.aws', '.kube', '.docker', '.config/fish', '.config/git', '.config/autostart', '.config/systemd', '.config/environment.d'];

export type GuardedPlaces = {
  /** Guarded files, by real path. */
  files: string[];
  /** Guarded folders, by real path: everything below them is guarded. */
  folders: string[];
};

export type GuardOptions = {
  workspace: string;
  /** alex's data folder: settings, sessions, pins. */
  dataDir?: string;
  /** The user's home folder; default HOME. */
  home?: string;
};

/** The git folder a `.git` file points to (worktrees, submodules), when the workspace has one. */
async function linkedGitFolder(workspace: string): Promise<string[]> {
  try {
    const text = await readFile(path.join(workspace, '.git'), 'utf8');
    const target = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim();
    return target ? [path.resolve(workspace, target)] : [];
  } catch {
    return [];
  }
}

function realOrSame(place: string): Promise<string> {
  return realpathOfExisting(place).catch(() => place);
}

/** Both the path as written and its real path, so that a symlinked HOME or data folder is still recognised. */
async function bothForms(places: string[]): Promise<string[]> {
  const real = await Promise.all(places.map(realOrSame));
  return [...new Set([...places, ...real])];
}

/** Where the guarded files are for this workspace, home and data folder, symlinks resolved. */
export async function guardedPlaces(options: GuardOptions): Promise<GuardedPlaces> {
  const home = options.home ?? process.env.HOME ?? '/';
  const [realWorkspace, realHome] = await Promise.all([realOrSame(options.workspace), realOrSame(home)]);
  const files = [...workspaceFiles.map(name => path.join(realWorkspace, name)), ...homeFiles.map(name => path.join(realHome, name))];
  const folders = [
    ...workspaceFolders.map(name => path.join(realWorkspace, name)),
    ...homeFolders.map(name => path.join(realHome, name)),
    ...(await linkedGitFolder(realWorkspace)),
    ...(options.dataDir ? [options.dataDir] : []),
  ];

  return {files: await bothForms(files), folders: await bothForms(folders)};
}

/** Compared case-insensitively: on macOS and Windows `agents.md` is `AGENTS.md`. */
function samePlace(place: string, file: string): boolean {
  return place.toLowerCase() === file.toLowerCase();
}

/** True when writing `file` (a resolved path) could widen what alex, git or the shell may do. */
export function isGuarded(file: string, places: GuardedPlaces): boolean {
  return places.files.some(place => samePlace(place, file)) || places.folders.some(folder => isWithin(folder.toLowerCase(), file.toLowerCase()));
}

/** The files among `files` (resolved paths) that are guarded. */
export async function guardedAmong(files: string[], options: GuardOptions): Promise<string[]> {
  const places = await guardedPlaces(options);
  return files.filter(file => isGuarded(file, places));
}
