import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {lstat, mkdir, open, readlink, realpath, rename, rm, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {ToolAccess} from './types.js';

export type ResolvedPath = {
  /** The absolute path with `..` and every existing symlink resolved. */
  absolute: string;
  /** The path relative to the workspace, for display and rules; absolute when outside. */
  display: string;
  inside: boolean;
};

/** Resolves symlinks of the longest existing ancestor, so a file that does not exist yet is placed correctly. */
export async function realpathOfExisting(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      const real = await realpath(current);
      return path.join(real, ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        throw new Error(`${target} goes through a symlink loop (too many levels of symbolic links)`);
      }

      const parent = path.dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) {
        throw error;
      }

      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** True when `child` is `parent` or below it, compared component by component. */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`));
}

/** Resolves a path the model gave against the workspace; throws a message for the model on bad input. */
export async function resolveInWorkspace(workspace: string, rawPath: string): Promise<ResolvedPath> {
  if (rawPath.includes('\0')) {
    throw new Error('path contains a NUL byte');
  }

  const expanded = rawPath === '~' || rawPath.startsWith('~/') ? path.join(process.env.HOME ?? '/', rawPath.slice(1)) : rawPath;
  const absolute = await realpathOfExisting(path.resolve(workspace, expanded));

  return placedInWorkspace(workspace, absolute);
}

/** The resolved form of an absolute path that was resolved before, such as the one a call was approved for. */
export function placedInWorkspace(workspace: string, absolute: string): ResolvedPath {
  const inside = isWithin(workspace, absolute);
  return {absolute, inside, display: inside ? path.relative(workspace, absolute) || '.' : absolute};
}

/**
 * The path a file tool acts on: the one its call was approved for, so that a symlink flipped
 * after the approval cannot move the write elsewhere; resolved now when run without approval.
 */
export async function approvedPath(workspace: string, rawPath: string, approved: ToolAccess | undefined): Promise<ResolvedPath> {
  if (approved && (approved.kind === 'read' || approved.kind === 'edit') && approved.paths.length === 1) {
    return placedInWorkspace(workspace, approved.paths[0]!);
  }

  return resolveInWorkspace(workspace, rawPath);
}

const folderFlags = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * A path through which the open folder's entries are reached without resolving the folder's
 * path again: Linux's /proc/self/fd link jumps to the open folder itself. Elsewhere, the folder's
 * path, checked again just before use (a short window remains there).
 */
async function throughHandle(handle: FileHandle, folder: string): Promise<string> {
  const link = `/proc/self/fd/${handle.fd}`;
  const real = await readlink(link).catch(() => undefined);
  if (real === undefined) {
    const [opened, now] = await Promise.all([handle.stat(), stat(folder)]);
    if ((await realpath(folder)) !== folder || opened.ino !== now.ino || opened.dev !== now.dev) {
      throw new Error(`${folder} changed while writing (a symlink appeared in the path); nothing was written`);
    }

    return folder;
  }

  if (real !== folder) {
    throw new Error(`${folder} changed while writing (it now is ${real}); nothing was written`);
  }

  return link;
}

function folderChanged(folder: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'ENOTDIR') {
    return new Error(`${folder} changed while writing (a symlink appeared in the path); nothing was written`);
  }

  return error as Error;
}

/**
 * Opens the folder a write goes to, creating the missing part below its deepest existing
 * ancestor one folder at a time through open handles, and checks that what was opened is still
 * the real path that was approved. Throws when a symlink was swapped into the path meanwhile.
 */
async function openApprovedFolder(folder: string): Promise<{handle: FileHandle; base: string}> {
  const missing: string[] = [];
  let current = folder;
  let handle: FileHandle;
  for (;;) {
    try {
      handle = await open(current, folderFlags);
      break;
    } catch (error) {
      const parent = path.dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) {
        throw folderChanged(current, error);
      }

      missing.unshift(path.basename(current));
      current = parent;
    }
  }

  try {
    let base = await throughHandle(handle, current);
    for (const name of missing) {
      await mkdir(path.join(base, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') {
          throw error;
        }
      });
      const child = await open(path.join(base, name), folderFlags).catch((error: unknown) => {
        throw folderChanged(path.join(current, name), error);
      });
      await handle.close();
      handle = child;
      current = path.join(current, name);
      base = await throughHandle(handle, current);
    }

    return {handle, base};
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Writes a file through a temporary sibling and a rename, keeping an existing file's mode. `file`
 * is a resolved path (no symlink in it); its folder is opened and checked to be that real path, and
 * both the temporary file and the rename go through the open folder (see `throughHandle`).
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const {handle: folder, base} = await openApprovedFolder(path.dirname(file));
  try {
    const target = path.join(base, path.basename(file));
    // Without /proc the folder is reached by its path again: check it once more right before the rename.
    const recheck = base === path.dirname(file) ? () => throughHandle(folder, base) : async () => base;
    await writeThroughTemporary(target, content, await existingMode(target), recheck);
  } finally {
    await folder.close();
  }
}

async function existingMode(file: string): Promise<number> {
  try {
    // lstat: a symlink planted at the name is replaced by the rename, not followed.
    const existing = await lstat(file);
    return existing.isFile() ? existing.mode & 0o7777 : 0o644;
  } catch {
    return 0o644;
  }
}

async function writeThroughTemporary(file: string, content: string, mode: number, beforeRename: () => Promise<unknown>): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.alex-${randomBytes(4).toString('hex')}.tmp`);
  try {
    // O_EXCL and O_NOFOLLOW: the temporary file is new, never a link planted there.
    const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }

    // rename replaces whatever is at the name, a symlink included, and never follows it.
    await beforeRename();
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  }
}

/** Describes what is at a path, for a clear error when it is not a regular file. */
export async function fileKind(file: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const info = await lstat(file);
    if (info.isFile()) {
      return 'file';
    }

    return info.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** Opens a regular file for reading without following a final symlink or blocking on a FIFO. */
export async function openRegularFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw new Error(`${file} became a symlink after it was checked; not read`);
    }

    throw error;
  }

  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new Error(`${file} is not a regular file (a device, FIFO or socket); it cannot be read`);
  }

  return handle;
}

/** Reads a whole regular file as UTF-8, refusing one larger than `maxBytes`. */
export async function readTextFile(file: string, maxBytes: number): Promise<string> {
  const handle = await openRegularFile(file);
  try {
    const {size} = await handle.stat();
    if (size > maxBytes) {
      throw new Error(`${file} is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${maxBytes / 1024 / 1024} MB this tool handles`);
    }

    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
