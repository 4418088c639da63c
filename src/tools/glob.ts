import path from 'node:path';

import {alwaysSkipped, ripgrepPath} from './ripgrep.js';
import {globWithJs} from './search-fallback.js';
import {toolError, type Tool} from './types.js';
import {fileKind, resolveInWorkspace} from './workspace.js';

type Input = {pattern: string; path?: string};

const maxResults = 500;

async function globWithRipgrep(rg: string, root: string, pattern: string, signal: AbortSignal): Promise<string[]> {
  const {execa} = await import('execa');
  const skips = alwaysSkipped.flatMap(name => ['--glob', `!${name}`]);
  const result = await execa(rg, ['--files', '--hidden', ...skips, '--glob', pattern], {cwd: root, stdin: 'ignore', cancelSignal: signal, reject: false, stripFinalNewline: true, maxBuffer: 20_000_000});
  if (result.exitCode === 2) {
    throw new Error(result.stderr.split('\n', 1)[0]);
  }

  return result.stdout === '' ? [] : result.stdout.split('\n').sort();
}

export const globTool: Tool<Input> = {
  spec: {
    name: 'glob',
    description: 'Find files by name pattern, e.g. "**/*.ts" or "src/*.py". Honours .gitignore and skips .git and node_modules. Returns paths relative to the search folder.',
    parameters: {
      type: 'object',
      properties: {
        pattern: {type: 'string', description: 'Glob pattern; a pattern without "/" matches at any depth.'},
        path: {type: 'string', description: 'Folder to search, default the workspace.'},
      },
      required: ['pattern'],
    },
  },
  readOnly: true,
  async access(input, context) {
    const resolved = await resolveInWorkspace(context.workspace, input.path ?? '.');
    return {kind: 'read', paths: [resolved.absolute]};
  },
  async run(input, context) {
    const root = await resolveInWorkspace(context.workspace, input.path ?? '.');
    if ((await fileKind(root.absolute)) !== 'directory') {
      return toolError(`${input.path} is not a folder. Pass a folder as path.`);
    }

    const rg = await ripgrepPath();
    let files: string[];
    try {
      files = rg ? await globWithRipgrep(rg, root.absolute, input.pattern, context.signal) : await globWithJs(root.absolute, input.pattern);
    } catch (error) {
      context.signal.throwIfAborted();
      return toolError(`The pattern ${JSON.stringify(input.pattern)} could not be used: ${(error as Error).message}`);
    }

    if (files.length === 0) {
      return {content: `No files match ${input.pattern} in ${root.display}.`, summary: '0 files'};
    }

    const shown = files.slice(0, maxResults).map(file => (root.display === '.' ? file : path.join(root.display, file)));
    const more = files.length > maxResults ? `\n[${files.length - maxResults} more not shown; narrow the pattern]` : '';
    return {content: shown.join('\n') + more, summary: `${files.length} files`};
  },
};
