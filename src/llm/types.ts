/** A tool call as the model made it; `arguments` is the raw JSON text the model sent. */
export type ToolCall = {
  id: string;
  name: string;
  arguments: string;
};

export type UserMessage = {role: 'user'; content: string};
export type AssistantMessage = {role: 'assistant'; content: string; toolCalls?: ToolCall[]};
export type ToolMessage = {role: 'tool'; toolCallId: string; name: string; content: string; isError?: boolean};

/** The provider-neutral conversation; each provider converts it to its wire format. */
export type Message = UserMessage | AssistantMessage | ToolMessage;

export type ToolSpec = {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
};

export type Usage = {
  /** Every input token of the request, the cached ones (read or written) included. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache. */
  cacheReadTokens?: number;
  /** Input tokens written to the provider's prompt cache. */
  cacheWriteTokens?: number;
};

export type ModelRequest = {
  model: string;
  system: string;
  messages: Message[];
  tools: ToolSpec[];
  /** Upper bound of output tokens; the provider's default when absent. */
  maxTokens?: number;
};

export type StopReason = 'end' | 'tool_calls' | 'max_tokens' | 'other';

export type ModelReply = {
  message: AssistantMessage;
  usage: Usage | undefined;
  stopReason: StopReason;
};

/** What a provider streams: text as it arrives, tool calls as they begin, then the whole reply. */
export type ModelEvent =
  | {type: 'text_delta'; text: string}
  | {type: 'tool_call_begin'; id: string; name: string}
  | {type: 'retry'; attempt: number; delayMs: number; reason: string}
  | {type: 'reply'; reply: ModelReply};

/** A model API behind one interface; `stream` honours the signal down to the socket. */
export interface Provider {
  readonly name: string;
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}

export function addUsage(total: Usage, usage: Usage | undefined): Usage {
  if (!usage) {
    return total;
  }

  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cacheReadTokens: (total.cacheReadTokens ?? 0) + (usage.cacheReadTokens ?? 0),
    cacheWriteTokens: (total.cacheWriteTokens ?? 0) + (usage.cacheWriteTokens ?? 0),
  };
}
