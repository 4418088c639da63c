import path from 'node:path';
import {deniedFiles, deniedNote} from './denied-files.js';
import {fileMatcher} from './file-pattern.js';
import {listFilesWithRipgrep, ripgrepPath, searchTimeoutMs, type FindRipgrep} from './ripgrep.js';
import {listFilesWithJs} from './search-fallback.js';
import {toolError, type Tool} from './types.js';
import {fileKind, resolveInWorkspace} from './workspace.js';

type Input = {pattern: string; path?: string};

const maxResults = 500;

/** Every file below `folder` the ignore files let through, sorted; the pattern is applied after. */
function listFiles(rg: string | undefined, folder: string, signal: AbortSignal): Promise<string[]> {
  return rg ? listFilesWithRipgrep(rg, folder, signal) : listFilesWithJs(folder, signal);
}

async function matchingFiles(rg: string | undefined, folder: string, pattern: string, signal: AbortSignal): Promise<string[]> {
  const [files, matches] = await Promise.all([listFiles(rg, folder, signal), fileMatcher(pattern)]);
  return files.filter(file => matches(file)).sort();
}

/** The glob tool, searching with the ripgrep that `findRipgrep` finds, or in JavaScript without one. */
export function createGlobTool(findRipgrep: FindRipgrep): Tool<Input> {
  return {
    spec: {
      name: 'glob',
      description: 'Find files by name pattern, e.g. "**/*.ts" or "src/*.py". Honours .gitignore and skips .git and node_modules. Returns paths relative to the workspace.',
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

      const deadline = AbortSignal.timeout(searchTimeoutMs);
      let files: string[];
      try {
        files = await matchingFiles(await findRipgrep(), root.absolute, input.pattern, AbortSignal.any([context.signal, deadline]));
      } catch (error) {
        context.signal.throwIfAborted();
        if (deadline.aborted) {
          return toolError(`glob stopped after ${searchTimeoutMs / 1000} s without finishing; pass a smaller folder as path.`);
        }

        return toolError(`The pattern ${JSON.stringify(input.pattern)} could not be used: ${(error as Error).message}`);
      }

      const denied = await deniedFiles(files.map(file => path.join(root.absolute, file)), context);
      files = files.filter(file => !denied.has(path.join(root.absolute, file)));
      if (files.length === 0) {
        return {content: `No files match ${input.pattern} in ${root.display}.${deniedNote(denied.size)}`, summary: '0 files'};
      }

      const shown = files.slice(0, maxResults).map(file => (root.display === '.' ? file : path.join(root.display, file)));
      const more = files.length > maxResults ? `\n[${files.length - maxResults} more not shown; narrow the pattern]` : '';
      return {content: shown.join('\n') + more + deniedNote(denied.size), summary: `${files.length} files`};
    },
  };
}

export const globTool = createGlobTool(ripgrepPath);
