import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {lstat, open, realpath, rename, rm, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';

export type ResolvedPath = {
  /** The absolute path with `..` and every existing symlink resolved. */
  absolute: string;
  /** The path relative to the workspace, for display and rules; absolute when outside. */
  display: string;
  inside: boolean;
};

/** Resolves symlinks of the longest existing ancestor, so a file that does not exist yet is placed correctly. */
async function realpathOfExisting(target: string): Promise<string> {
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
  const inside = isWithin(workspace, absolute);

  return {absolute, inside, display: inside ? path.relative(workspace, absolute) || '.' : absolute};
}

/** Writes a file through a temporary sibling and a rename, keeping an existing file's mode. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  let mode = 0o644;
  try {
    const existing = await stat(file);
    mode = existing.mode & 0o7777;
  } catch {
    // A new file gets the default mode.
  }

  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.alex-${randomBytes(4).toString('hex')}.tmp`);
  try {
    // O_EXCL and O_NOFOLLOW: the temporary file is new, never a link planted there.
    const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }

    // The folder was checked when the path was resolved; if a symlink was swapped in since,
    // its real path differs now, and nothing is renamed into the place it points to.
    if ((await realpath(folder)) !== folder) {
      throw new Error(`${folder} changed while writing (a symlink appeared in the path); nothing was written`);
    }

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
