import {unifiedDiff} from './diff.js';
import {toolError, type Tool} from './types.js';
import {approvedPath, fileKind, readTextFile, resolveInWorkspace, writeFileAtomic} from './workspace.js';

/** Largest file edit_file changes, in bytes. */
const maxEditBytes = 20 * 1024 * 1024;

type Input = {path: string; old_string: string; new_string: string; replace_all?: boolean};

function countOccurrences(text: string, search: string): number {
  let count = 0;
  for (let index = text.indexOf(search); index !== -1; index = text.indexOf(search, index + search.length)) {
    count++;
  }

  return count;
}

export const editFileTool: Tool<Input> = {
  spec: {
    name: 'edit_file',
    description: 'Replace exact text in a file. old_string must match the file exactly, whitespace included, and be unique unless replace_all is true. Read the file first.',
    parameters: {
      type: 'object',
      properties: {
        path: {type: 'string', description: 'File path, relative to the workspace or absolute.'},
        old_string: {type: 'string', description: 'The exact text to replace.'},
        new_string: {type: 'string', description: 'The text to put in its place.'},
        replace_all: {type: 'boolean', description: 'Replace every occurrence instead of exactly one.'},
      },
      required: ['path', 'old_string', 'new_string'],
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
    if (kind !== 'file') {
      const what = kind === 'missing' ? 'does not exist; use write_file to create it' : 'is not a regular file';
      return toolError(`${input.path} ${what}.`);
    }

    if (input.old_string === '') {
      return toolError('old_string is empty. Give the exact text to replace, or use write_file to replace the whole file.');
    }

    if (input.old_string === input.new_string) {
      return toolError('old_string and new_string are the same; there is nothing to change.');
    }

    const before = await readTextFile(resolved.absolute, maxEditBytes);
    const count = countOccurrences(before, input.old_string);
    if (count === 0) {
      return toolError(`old_string was not found in ${resolved.display}. Read the file again and copy the text exactly, including indentation and line breaks.`);
    }

    if (count > 1 && !input.replace_all) {
      return toolError(`old_string occurs ${count} times in ${resolved.display}. Include more surrounding lines to make it unique, or set replace_all to true.`);
    }

    const after = input.replace_all ? before.split(input.old_string).join(input.new_string) : before.replace(input.old_string, () => input.new_string);
    context.signal.throwIfAborted();
    await writeFileAtomic(resolved.absolute, after);
    const replaced = input.replace_all ? `${count} occurrences` : '1 occurrence';

    return {
      content: `Edited ${resolved.display}: replaced ${replaced}.`,
      summary: `replaced ${replaced}`,
      diff: await unifiedDiff(resolved.display, before, after),
    };
  },
};
