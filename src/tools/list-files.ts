import {readdir} from 'node:fs/promises';
import {toolError, type Tool} from './types.js';
import {approvedPath, fileKind, resolveInWorkspace} from './workspace.js';

type Input = {path?: string};

const maxEntries = 1000;

export const listFilesTool: Tool<Input> = {
  spec: {
    name: 'list_files',
    description: 'List the entries of one folder (folders end with "/"). Use glob to find files at any depth.',
    parameters: {
      type: 'object',
      properties: {path: {type: 'string', description: 'Folder to list, default the workspace.'}},
    },
  },
  readOnly: true,
  async access(input, context) {
    const resolved = await resolveInWorkspace(context.workspace, input.path ?? '.');
    return {kind: 'read', paths: [resolved.absolute]};
  },
  async run(input, context, approved) {
    const resolved = await approvedPath(context.workspace, input.path ?? '.', approved);
    if ((await fileKind(resolved.absolute)) !== 'directory') {
      return toolError(`${input.path} is not a folder. Use read_file for files.`);
    }

    const entries = await readdir(resolved.absolute, {withFileTypes: true});
    const names = entries
      .filter(entry => entry.name !== '.git')
      .map(entry => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      .sort();
    if (names.length === 0) {
      return {content: `${resolved.display} is empty.`, summary: '0 entries'};
    }

    const more = names.length > maxEntries ? `\n[${names.length - maxEntries} more entries not shown]` : '';
    return {content: names.slice(0, maxEntries).join('\n') + more, summary: `${names.length} entries`};
  },
};
