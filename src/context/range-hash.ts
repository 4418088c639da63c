import {createHash} from 'node:crypto';
import type {Message} from '../llm/types.js';

const digests = new WeakMap<Message, string>();

/** What a message says, in a form that does not depend on how it was stored (key order, extra fields). */
function canonical(message: Message): string {
  const parts: string[] = [message.role, message.content];
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) {
      parts.push(call.id, call.name, call.arguments);
    }
  } else if (message.role === 'tool') {
    parts.push(message.toolCallId, message.name, message.isError ? 'error' : '');
  }

  return JSON.stringify(parts);
}

function digest(message: Message): string {
  let value = digests.get(message);
  if (value === undefined) {
    value = createHash('sha256').update(canonical(message)).digest('base64url');
    digests.set(message, value);
  }

  return value;
}

/** A hash of the first `count` messages; equal for equal conversations, also after a reload. */
export function rangeHash(messages: readonly Message[], count: number): string {
  const hash = createHash('sha256');
  for (let index = 0; index < count; index++) {
    hash.update(digest(messages[index]!));
  }

  return hash.digest('base64url').slice(0, 32);
}
