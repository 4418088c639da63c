import {inert, inertLine} from './inert.js';

/** Lines of a tool's output shown in the transcript; the rest is folded into a count. */
export const outputPreviewLines = 6;

/** Lines of a diff shown in the transcript before the rest is folded. */
export const diffPreviewLines = 40;

const argumentKeys = ['path', 'command', 'pattern', 'url', 'query', 'file', 'name'];

function shorten(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The argument that says what a call does: its path, command, pattern or URL; else the first short string. */
export function keyArgument(name: string, input: Record<string, unknown> | undefined): string {
  if (!input) {
    return '';
  }

  if (name === 'todo_write' && Array.isArray(input.todos)) {
    return `${input.todos.length} items`;
  }

  const key = argumentKeys.find(candidate => typeof input[candidate] === 'string');
  const value = key ? input[key] : Object.values(input).find(item => typeof item === 'string');
  return typeof value === 'string' ? shorten(inertLine(value), 80) : '';
}

/** Keeps the first `limit` lines and says how many were left out. */
export function foldLines(text: string, limit: number): {lines: string[]; hidden: number} {
  const lines = inert(text).replace(/\n+$/, '').split('\n');
  if (lines.length <= limit) {
    return {lines, hidden: 0};
  }

  return {lines: lines.slice(0, limit), hidden: lines.length - limit};
}

/** What of a result's content is worth showing under its row: a command's output, an MCP tool's answer. */
export function shownOutput(name: string, content: string): string | undefined {
  if (name === 'bash') {
    const body = content.slice(content.indexOf('\n') + 1);
    return body === '(no output)' ? undefined : body;
  }

  return name.startsWith('mcp__') ? content : undefined;
}
