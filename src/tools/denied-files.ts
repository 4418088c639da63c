import type {ToolContext} from './types.js';

/**
 * The files among `files` (absolute paths) that a deny rule keeps from being read. A search of a
 * folder is approved as a read of that folder; the files it finds below it meet the deny rules
 * here, so `deny: ["read_file(secrets/**)"]` also keeps `grep` of the whole workspace out of
 * `secrets/`. Without a policy (tests) nothing is denied.
 */
export async function deniedFiles(files: readonly string[], context: ToolContext): Promise<Set<string>> {
  const authorize = context.authorize;
  if (!authorize || files.length === 0) {
    return new Set();
  }

  const unique = [...new Set(files)];
  const reasons = await Promise.all(unique.map(file => authorize({kind: 'read', paths: [file]}, {denyOnly: true})));
  return new Set(unique.filter((_, index) => reasons[index] !== undefined));
}

/** The note a search adds when deny rules left files out of it. */
export function deniedNote(count: number): string {
  return count === 0 ? '' : `\n[${count} ${count === 1 ? 'file' : 'files'} left out: a permission rule denies reading ${count === 1 ? 'it' : 'them'}]`;
}
