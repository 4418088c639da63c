import type {Message, Usage} from '../llm/types.js';
import {messagesTokens} from './estimate.js';

/** A request the endpoint answered: the messages it carried and the input tokens it reported. */
type Measured = {messages: readonly Message[]; inputTokens: number};

/**
 * Counts the tokens of the next request: the input tokens the provider reported for the last
 * request, plus an estimate of the messages added since. When the messages no longer start with
 * the ones last measured (a compaction replaced them), it estimates the whole request instead.
 */
export class TokenCount {
  private measured: Measured | undefined;

  /** Records what the endpoint reported for `messages`, the request it just answered. */
  observe(messages: readonly Message[], usage: Usage): void {
    // inputTokens is the whole prompt, cached parts included, for every provider.
    if (usage.inputTokens > 0) {
      this.measured = {messages, inputTokens: usage.inputTokens};
    }
  }

  /** Tokens of a request with these messages; `fixed` is the estimate of system prompt and tools. */
  count(messages: readonly Message[], fixed: number): number {
    const measured = this.measured;
    if (measured && startsWith(messages, measured.messages)) {
      return measured.inputTokens + messagesTokens(messages, measured.messages.length);
    }

    return fixed + messagesTokens(messages);
  }
}

/** True when `list` begins with the very message objects of `prefix`. */
function startsWith(list: readonly Message[], prefix: readonly Message[]): boolean {
  if (prefix.length > list.length) {
    return false;
  }

  for (let index = prefix.length - 1; index >= 0; index--) {
    if (list[index] !== prefix[index]) {
      return false;
    }
  }

  return true;
}
