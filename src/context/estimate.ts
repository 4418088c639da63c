import type {Message, ToolSpec} from '../llm/types.js';

/**
 * Characters per token in the estimate. About right for English and a little pessimistic for
 * code; the provider's reported usage corrects it wherever a request has been answered.
 */
const charsPerToken = 4;

/** Tokens a message costs on the wire beyond its text: role, ids, JSON punctuation. */
const messageOverhead = 8;

const cache = new WeakMap<Message, number>();

/** Estimated tokens of a piece of text. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / charsPerToken);
}

function countMessage(message: Message): number {
  let chars = message.content.length;
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) {
      chars += call.name.length + call.arguments.length + call.id.length;
    }
  } else if (message.role === 'tool') {
    chars += message.name.length + message.toolCallId.length;
  }

  return Math.ceil(chars / charsPerToken) + messageOverhead;
}

/** Estimated tokens of one message; computed once per message object, which never changes. */
export function messageTokens(message: Message): number {
  let tokens = cache.get(message);
  if (tokens === undefined) {
    tokens = countMessage(message);
    cache.set(message, tokens);
  }

  return tokens;
}

/** Estimated tokens of a list of messages. */
export function messagesTokens(messages: readonly Message[], from = 0, to = messages.length): number {
  let total = 0;
  for (let index = from; index < to; index++) {
    total += messageTokens(messages[index]!);
  }

  return total;
}

/** Estimated tokens of what every request carries besides the messages: system prompt and tool specs. */
export function fixedTokens(system: string, tools: readonly ToolSpec[]): number {
  return textTokens(system) + (tools.length === 0 ? 0 : textTokens(JSON.stringify(tools)));
}
