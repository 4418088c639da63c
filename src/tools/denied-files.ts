import type {ToolContext} from './types.js';

/**
 * The files among `files` (absolute paths) that a deny rule keeps from being read, so that
 * `deny: ["read_file(secrets/**)"]` also keeps a `grep` of the whole workspace out of `secrets/`.
 * Without a policy (tests) nothing is denied.
 */
export async function deniedFiles(files: readonly string[], context: ToolContext): Promise<Set<string>> {
  return files.length === 0 || !context.deniedReads ? new Set() : context.deniedReads(files);
}

/** The note a search adds when deny rules left files out of it. */
export function deniedNote(count: number): string {
  return count === 0 ? '' : `\n[${count} ${count === 1 ? 'file' : 'files'} left out: a permission rule denies reading ${count === 1 ? 'it' : 'them'}]`;
}
