import type {Message} from '../llm/types.js';
import {messageTokens} from './estimate.js';

/** Where the last exchange begins: the last message, or the reply whose tool results end the list. */
function lastExchangeStart(messages: readonly Message[]): number {
  let index = messages.length - 1;
  while (index > 0 && messages[index]!.role === 'tool') {
    index--;
  }

  return Math.max(index, 0);
}

/**
 * Where the recent tail of a conversation begins, the part kept word for word: as many recent
 * messages as fit in `budget` tokens, always the whole last exchange, never beginning with a tool
 * result (so each tool call stays with its results), and never before `from`.
 */
export function tailStart(messages: readonly Message[], from: number, budget: number): number {
  let start = messages.length;
  let used = 0;
  while (start > from && used + messageTokens(messages[start - 1]!) <= budget) {
    start--;
    used += messageTokens(messages[start]!);
  }

  while (start < messages.length && messages[start]!.role === 'tool') {
    start++;
  }

  start = Math.min(start, lastExchangeStart(messages));
  while (start < from || (start < messages.length && messages[start]!.role === 'tool')) {
    start++;
  }

  return start;
}
