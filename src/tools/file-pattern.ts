import path from 'node:path';

/**
 * A test for paths relative to the searched folder: a pattern without "/" matches the file name at
 * any depth, as in .gitignore; one with "/" matches the whole relative path. Dotfiles match too.
 */
export async function fileMatcher(pattern: string): Promise<(relativePath: string) => boolean> {
  const {default: picomatch} = await import('picomatch');
  // picomatch's own `basename` option also applies to patterns with "/" and then matches nothing.
  const isMatch = picomatch(pattern, {dot: true});
  if (pattern.includes('/')) {
    return isMatch;
  }

  return relativePath => isMatch(path.basename(relativePath));
}
