import type {Message, Provider} from '../llm/types.js';
import {messagesTokens, textTokens} from './estimate.js';
import {compressMessages, digestMessages} from './local-compression.js';
import summaryPrompt from './summary-prompt.md';
import {callsById} from './tool-calls.js';

export type SummaryRequest = {
  provider: Provider;
  model: string;
  /** The messages to summarize, oldest first; the first is the task. */
  messages: readonly Message[];
  /** What the summary should pay most attention to, from `/compact <focus>`. */
  focus?: string;
  /** Tokens the summary model accepts in one request. */
  window: number;
  signal: AbortSignal;
};

/** The transcript as text: providers accept it whatever tools the summary request declares. */
export function renderTranscript(messages: readonly Message[]): string {
  const calls = callsById(messages);
  const parts = messages.map(message => {
    switch (message.role) {
      case 'user': {
        return `[user]\n${message.content}`;
      }

      case 'assistant': {
        const lines = message.content ? [message.content] : [];
        for (const call of message.toolCalls ?? []) {
          lines.push(`[tool call ${call.name}] ${call.arguments}`);
        }

        return `[assistant]\n${lines.join('\n')}`;
      }

      case 'tool': {
        const name = calls.get(message.toolCallId)?.name ?? message.name;
        return `[result of ${name}${message.isError ? ', an error' : ''}]\n${message.content}`;
      }
    }
  });

  return parts.join('\n\n');
}

/** The messages made small enough for the summary model, older tool output going first. */
function fitting(messages: readonly Message[], budget: number): readonly Message[] {
  if (messagesTokens(messages) <= budget) {
    return messages;
  }

  const [first, ...rest] = messages;
  const compressed = [first!, ...compressMessages(rest)];
  if (messagesTokens(compressed) <= budget) {
    return compressed;
  }

  return [digestMessages(first!, rest, budget * 4)];
}

/** How long the summary should be, in words: about a twentieth of the window, within bounds. */
function summaryWords(window: number): number {
  return Math.round(Math.min(2000, Math.max(150, window * 0.05 * 0.75)));
}

function instruction(words: number, focus: string | undefined): string {
  const emphasis = focus ? ` Pay most attention to this, as the user asked: ${focus}` : '';
  return `Write the summary of the transcript above now, in at most ${words} words.${emphasis}`;
}

/**
 * Asks the model for a summary of the messages and returns its text. One request, no tools;
 * the transcript travels as text so that any provider takes it.
 */
export async function requestSummary(request: SummaryRequest): Promise<string> {
  const words = summaryWords(request.window);
  const budget = Math.max(256, Math.floor(request.window * 0.75) - textTokens(summaryPrompt) - words * 2);
  const transcript = renderTranscript(fitting(request.messages, budget));
  const content = `<transcript>\n${transcript}\n</transcript>\n\n${instruction(words, request.focus)}`;
  const modelRequest = {model: request.model, system: summaryPrompt, messages: [{role: 'user' as const, content}], tools: []};
  let text = '';
  for await (const event of request.provider.stream(modelRequest, request.signal)) {
    if (event.type === 'reply') {
      text = event.reply.message.content.trim();
    }
  }

  if (text === '') {
    throw new Error('the model returned an empty summary');
  }

  return text;
}
