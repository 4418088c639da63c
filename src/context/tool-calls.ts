import type {Message, ToolCall} from '../llm/types.js';
import {oneLine} from './trim.js';

/** The tool calls of some messages by id, so a result can say which call it answered. */
export function callsById(messages: readonly Message[]): Map<string, ToolCall> {
  const calls = new Map<string, ToolCall>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) {
        calls.set(call.id, call);
      }
    }
  }

  return calls;
}

const keyFields = ['path', 'file_path', 'command', 'pattern', 'url', 'query'];

/** The argument that tells calls apart (a path, a command, a pattern), short, or ''. */
export function keyArgument(call: ToolCall | undefined): string {
  if (!call) {
    return '';
  }

  let input: unknown;
  try {
    input = JSON.parse(call.arguments || '{}');
  } catch {
    return '';
  }

  if (typeof input !== 'object' || input === null) {
    return '';
  }

  const fields = input as Record<string, unknown>;
  const key = keyFields.find(name => typeof fields[name] === 'string');
  return key ? oneLine(fields[key] as string, 80) : '';
}
