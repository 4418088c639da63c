import type {Message, UserMessage} from '../llm/types.js';
import {messageTokens, messagesTokens} from './estimate.js';
import {compressMessages, digestMessages, keepFirst, shrinkMessage} from './local-compression.js';
import {tailStart} from './tail.js';
import {trimMiddle} from './trim.js';

/** The compacted state: `messages` stand in for the conversation's first `covered` messages. */
export type Compacted = {
  covered: number;
  messages: Message[];
  method: 'summary' | 'local';
  /** The latest model summary inside `messages`. */
  summary?: {text: string; covered: number; focus?: string};
};

/** What a request carries: the compacted form, then the rest of the conversation as it is. */
export function viewOf(history: readonly Message[], state: Compacted | undefined): Message[] {
  return state ? [...state.messages, ...history.slice(state.covered)] : [...history];
}

/** Characters of the task kept in a compacted form: a tenth of the window, at most 8000. */
export function firstMessageChars(window: number): number {
  return Math.min(8000, Math.floor(window * 0.4));
}

/** The task with a summary of what followed it, as the one message that replaces them. */
export function summaryMessage(first: Message, summary: string, window: number): UserMessage {
  const task = trimMiddle(first.content, firstMessageChars(window));
  const note = '[Context compacted: the conversation that followed this request was replaced by the summary below. The most recent messages follow it unchanged.]';

  return {role: 'user', content: `${task}\n\n${note}\n<summary>\n${summary}\n</summary>`};
}

/** The state after a summary of the first `covered` messages arrives, given the current one. */
export function withSummary(history: readonly Message[], state: Compacted | undefined, summary: NonNullable<Compacted['summary']>, window: number): Compacted {
  const current = state?.covered ?? 0;
  // A local compression that went further than the summary keeps its extra part, compressed.
  const rest = current > summary.covered ? compressMessages(history.slice(summary.covered, current)) : [];
  const first = summaryMessage(history[0]!, summary.text, window);

  return {covered: Math.max(current, summary.covered), messages: [first, ...rest], method: 'summary', summary};
}

/** Where the tail begins in the view of `state`, and the conversation index it stands for. */
export function splitPoint(history: readonly Message[], state: Compacted | undefined, tailTokens: number): {view: Message[]; start: number; covered: number} {
  const view = viewOf(history, state);
  const replaced = state?.messages.length ?? 0;
  const start = tailStart(view, Math.max(replaced, 1), tailTokens);

  return {view, start, covered: (state?.covered ?? 0) + start - replaced};
}

/**
 * The local compression of everything before the recent tail. `everyday` keeps every message
 * with tool outputs as notes; `harder` folds them into one list of steps after the task.
 */
export function compactLocally(history: readonly Message[], state: Compacted | undefined, level: 'everyday' | 'harder', tailTokens: number, window: number): Compacted {
  const {view, start, covered} = splitPoint(history, state, tailTokens);
  const replaced = state?.messages.length ?? 0;
  if (level === 'harder') {
    const digest = digestMessages(view[0]!, view.slice(1, start), Math.floor(window * 0.6));
    return {covered, messages: [digest], method: 'local', summary: state?.summary};
  }

  const kept = replaced > 0 ? state!.messages : [keepFirst(view[0]!, firstMessageChars(window))];
  const from = Math.max(replaced, 1);

  return {covered, messages: [...kept, ...compressMessages(view.slice(from, start))], method: 'local', summary: state?.summary};
}

/** True when two compacted states would send the same messages. */
export function sameForm(a: Compacted, b: Compacted): boolean {
  return a.covered === b.covered && a.messages.length === b.messages.length && a.messages.every((message, index) => message.content === b.messages[index]!.content);
}

/** The messages cut to about `budget` estimated tokens by trimming the largest ones in the middle. */
export function cutLargest(messages: Message[], budget: number): Message[] {
  const result = [...messages];
  let total = messagesTokens(result);
  const largest = result.map((message, index) => ({index, tokens: messageTokens(message)})).sort((a, b) => b.tokens - a.tokens);
  for (const {index, tokens} of largest) {
    if (total <= budget) {
      break;
    }

    const message = result[index]!;
    const chars = Math.max(400, message.content.length - (total - budget) * 4 - 200);
    const smaller = shrinkMessage(message, chars);
    total += messageTokens(smaller) - tokens;
    result[index] = smaller;
  }

  return result;
}
