import {createReadStream} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {toolError, type Tool} from './types.js';
import {resolveInWorkspace} from './workspace.js';

type Input = {path: string; offset?: number; limit?: number};

const defaultLimit = 2000;
const maxLineLength = 2000;
const maxOutputBytes = 256 * 1024;

async function looksBinary(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/** Reads lines [offset, offset + limit) without loading the rest of the file. */
async function readLines(file: string, offset: number, limit: number, signal: AbortSignal) {
  const lines: string[] = [];
  let total = 0;
  let bytes = 0;
  const input = createReadStream(file, {encoding: 'utf8', signal});
  const reader = createInterface({input, crlfDelay: Number.POSITIVE_INFINITY});
  for await (const line of reader) {
    total++;
    if (total < offset) {
      continue;
    }

    if (lines.length >= limit || bytes >= maxOutputBytes) {
      break;
    }

    const shown = line.length > maxLineLength ? `${line.slice(0, maxLineLength)}… [line cut at ${maxLineLength} characters]` : line;
    bytes += shown.length;
    lines.push(`${String(total).padStart(6)}\t${shown}`);
  }

  reader.close();
  input.destroy();

  return {lines, reachedEnd: lines.length < limit && bytes < maxOutputBytes};
}

export const readFileTool: Tool<Input> = {
  spec: {
    name: 'read_file',
    description: 'Read a text file. Lines come numbered (number, tab, text). For large files pass offset (first line, 1-based) and limit (number of lines, default 2000).',
    parameters: {
      type: 'object',
      properties: {
        path: {type: 'string', description: 'File path, relative to the workspace or absolute.'},
        offset: {type: 'integer', minimum: 1, description: 'First line to read, 1-based.'},
        limit: {type: 'integer', minimum: 1, description: 'Number of lines to read.'},
      },
      required: ['path'],
    },
  },
  readOnly: true,
  async access(input, context) {
    const resolved = await resolveInWorkspace(context.workspace, input.path);
    return {kind: 'read', paths: [resolved.absolute]};
  },
  async run(input, context) {
    const resolved = await resolveInWorkspace(context.workspace, input.path);
    let info;
    try {
      info = await stat(resolved.absolute);
    } catch {
      return toolError(`${input.path} does not exist. Use list_files or glob to find the right path.`);
    }

    if (info.isDirectory()) {
      return toolError(`${input.path} is a directory. Use list_files to see what it contains.`);
    }

    if (!info.isFile()) {
      return toolError(`${input.path} is not a regular file (a device, FIFO or socket); it cannot be read.`);
    }

    if (await looksBinary(resolved.absolute)) {
      return toolError(`${input.path} is a binary file of ${info.size} bytes; it cannot be shown as text.`);
    }

    const offset = input.offset ?? 1;
    const {lines, reachedEnd} = await readLines(resolved.absolute, offset, input.limit ?? defaultLimit, context.signal);
    if (lines.length === 0) {
      const content = info.size === 0 ? `${input.path} is empty.` : `${input.path} has fewer than ${offset} lines.`;
      return {content, summary: 'empty'};
    }

    const more = reachedEnd ? '' : `\n[more lines follow; read on with offset ${offset + lines.length}]`;
    return {content: lines.join('\n') + more, summary: `${lines.length} lines`};
  },
};
