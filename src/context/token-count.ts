import type {Message, Usage} from '../llm/types.js';
import {messagesTokens} from './estimate.js';

/** A request the endpoint answered: the messages it carried and the input tokens it reported. */
type Measured = {messages: readonly Message[]; inputTokens: number};

/** Bounds of the correction learned from reports, so that one odd report cannot mislead much. */
const minRatio = 0.75;
const maxRatio = 2;

/**
 * Counts the tokens of the next request: the input tokens the provider reported for the last
 * request plus an estimate of the messages added since. When the messages no longer begin with
 * the ones last measured (a compaction replaced them), it estimates the whole request, corrected
 * by how far the last report was from the estimate. A report far below the estimate (some local
 * servers count only the tokens they did not have cached) is not believed.
 */
export class TokenCount {
  private measured: Measured | undefined;
  private ratio = 1;

  /** Records what the endpoint reported for `messages`, the request it just answered. */
  observe(messages: readonly Message[], usage: Usage, fixed: number): void {
    // inputTokens is the whole prompt, cached parts included, for every provider.
    if (usage.inputTokens <= 0) {
      return;
    }

    this.measured = {messages, inputTokens: usage.inputTokens};
    const estimate = fixed + messagesTokens(messages);
    this.ratio = Math.min(maxRatio, Math.max(minRatio, usage.inputTokens / estimate));
  }

  /** Tokens of a request with these messages; `fixed` is the estimate of system prompt and tools. */
  count(messages: readonly Message[], fixed: number): number {
    const estimate = fixed + messagesTokens(messages);
    const measured = this.measured;
    if (measured && startsWith(messages, measured.messages)) {
      const reported = measured.inputTokens + messagesTokens(messages, measured.messages.length);
      return Math.max(reported, Math.round(estimate * minRatio));
    }

    return Math.round(estimate * this.ratio);
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
