import {createHash} from 'node:crypto';
import type {Message} from '../llm/types.js';
import {redactSecrets} from '../redact.js';

const digests = new WeakMap<Message, string>();

/** A digest of what a message says, independent of how it was stored (key order, extra fields, masking). */
function digest(message: Message): string {
  let value = digests.get(message);
  if (value !== undefined) {
    return value;
  }

  // Hashed as a session file keeps it, secrets masked, so that a resumed conversation hashes the same.
  const hash = createHash('sha256');
  const add = (text: string) => hash.update(redactSecrets(text)).update('\0');
  add(message.role);
  add(message.content);
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) {
      add(call.id);
      add(call.name);
      add(call.arguments);
    }
  } else if (message.role === 'tool') {
    add(message.toolCallId);
    add(message.name);
    add(message.isError ? 'error' : '');
  }

  value = hash.digest('base64url');
  digests.set(message, value);

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
