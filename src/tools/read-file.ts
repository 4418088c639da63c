import type {FileHandle} from 'node:fs/promises';
import {toolError, type Tool} from './types.js';
import {approvedPath, fileKind, openRegularFile, resolveInWorkspace} from './workspace.js';

type Input = {path: string; offset?: number; limit?: number};

const defaultLimit = 2000;
const maxLineLength = 2000;
const maxOutputBytes = 256 * 1024;
/** How far into a file read_file scans for the requested lines, in bytes. */
const maxScanBytes = 512 * 1024 * 1024;
const chunkBytes = 256 * 1024;

type Window = {lines: string[]; reachedEnd: boolean; scanLimitHit: boolean; binary: boolean};

/**
 * Reads lines [offset, offset + limit) in fixed-size chunks: a line longer than the cap is cut
 * while scanning, so one huge line or a huge file never grows memory past a few chunks.
 */
async function readWindow(handle: FileHandle, offset: number, limit: number, signal: AbortSignal): Promise<Window> {
  const lines: string[] = [];
  const buffer = Buffer.alloc(chunkBytes);
  const decoder = new TextDecoder();
  let current = '';
  let cut = false;
  let lineNumber = 1;
  let scanned = 0;
  let bytes = 0;
  const take = () => {
    if (lineNumber >= offset) {
      const shown = cut ? `${current}… [line cut at ${maxLineLength} characters]` : current;
      lines.push(`${String(lineNumber).padStart(6)}\t${shown}`);
      bytes += shown.length;
    }

    lineNumber++;
    current = '';
    cut = false;
  };

  for (;;) {
    signal.throwIfAborted();
    if (lines.length >= limit || bytes >= maxOutputBytes) {
      return {lines, reachedEnd: false, scanLimitHit: false, binary: false};
    }

    if (scanned >= maxScanBytes) {
      return {lines, reachedEnd: false, scanLimitHit: true, binary: false};
    }

    const {bytesRead} = await handle.read(buffer, 0, chunkBytes, scanned);
    if (bytesRead === 0) {
      if (current !== '' || cut) {
        take();
      }

      return {lines, reachedEnd: true, scanLimitHit: false, binary: false};
    }

    const chunk = buffer.subarray(0, bytesRead);
    if (scanned === 0 && chunk.subarray(0, 8192).includes(0)) {
      return {lines, reachedEnd: false, scanLimitHit: false, binary: true};
    }

    scanned += bytesRead;
    const pieces = decoder.decode(chunk, {stream: true}).split('\n');
    for (const [index, piece] of pieces.entries()) {
      const room = maxLineLength - current.length;
      cut ||= piece.length > room;
      current += piece.slice(0, Math.max(room, 0)).replace(/\r$/, '');
      if (index < pieces.length - 1) {
        take();
        if (lines.length >= limit) {
          break;
        }
      }
    }
  }
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
  async run(input, context, approved) {
    const resolved = await approvedPath(context.workspace, input.path, approved);
    const kind = await fileKind(resolved.absolute);
    if (kind === 'missing') {
      return toolError(`${input.path} does not exist. Use list_files or glob to find the right path.`);
    }

    if (kind === 'directory') {
      return toolError(`${input.path} is a directory. Use list_files to see what it contains.`);
    }

    let handle: FileHandle;
    try {
      handle = await openRegularFile(resolved.absolute);
    } catch (error) {
      return toolError(`${input.path}: ${(error as Error).message}.`);
    }

    const offset = input.offset ?? 1;
    try {
      const {size} = await handle.stat();
      const window = await readWindow(handle, offset, input.limit ?? defaultLimit, context.signal);
      if (window.binary) {
        return toolError(`${input.path} is a binary file of ${size} bytes; it cannot be shown as text.`);
      }

      if (window.lines.length === 0) {
        const content = size === 0 ? `${input.path} is empty.` : window.scanLimitHit ? `No line ${offset} within the first ${maxScanBytes / 1024 / 1024} MB of ${input.path}; use grep to find the part you need.` : `${input.path} has fewer than ${offset} lines.`;
        return {content, summary: 'empty'};
      }

      const more = window.reachedEnd ? '' : `\n[more lines follow; read on with offset ${offset + window.lines.length}]`;
      return {content: window.lines.join('\n') + more, summary: `${window.lines.length} lines`};
    } finally {
      await handle.close();
    }
  },
};
