import {unifiedDiff} from './diff.js';
import {toolError, type Tool} from './types.js';
import {approvedPath, fileKind, readTextFile, resolveInWorkspace, writeFileAtomic} from './workspace.js';

/** Largest existing file whose old content is diffed, in bytes; larger ones are replaced without a diff. */
const maxDiffBytes = 2 * 1024 * 1024;

type Input = {path: string; content: string};

function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export const writeFileTool: Tool<Input> = {
  spec: {
    name: 'write_file',
    description: 'Create a file or replace its whole content. Parent folders are created. Prefer edit_file for changes to an existing file.',
    parameters: {
      type: 'object',
      properties: {
        path: {type: 'string', description: 'File path, relative to the workspace or absolute.'},
        content: {type: 'string', description: 'The complete new content of the file.'},
      },
      required: ['path', 'content'],
    },
  },
  readOnly: false,
  async access(input, context) {
    const resolved = await resolveInWorkspace(context.workspace, input.path);
    return {kind: 'edit', paths: [resolved.absolute]};
  },
  async run(input, context, approved) {
    const resolved = await approvedPath(context.workspace, input.path, approved);
    const kind = await fileKind(resolved.absolute);
    if (kind === 'directory' || kind === 'other') {
      return toolError(`${input.path} is ${kind === 'directory' ? 'a directory' : 'not a regular file'}; write_file writes regular files only.`);
    }

    const before = kind === 'file' ? await readTextFile(resolved.absolute, maxDiffBytes).catch(() => undefined) : '';
    context.signal.throwIfAborted();
    await writeFileAtomic(resolved.absolute, input.content);
    const lines = countLines(input.content);
    const verb = kind === 'file' ? 'Replaced' : 'Created';

    return {
      content: `${verb} ${resolved.display} (${lines} lines).`,
      summary: `${verb.toLowerCase()}, ${lines} lines`,
      diff: before === undefined ? undefined : await unifiedDiff(resolved.display, before, input.content),
    };
  },
};
