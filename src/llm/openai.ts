import type {EventSourceMessage} from 'eventsource-parser';
import {ApiError, extractMessage, type ApiErrorKind} from './api-error.js';
import {streamReply, type ReplyParser} from './reply-stream.js';
import type {Message, ModelEvent, ModelReply, ModelRequest, Provider, StopReason, ToolCall, Usage} from './types.js';

export type OpenAiOptions = {
  baseUrl: string;
  apiKey: string | undefined;
  /** Attempts after the first for retryable failures. Default 5. */
  retries?: number;
  /** First backoff wait in ms. Default 500. */
  minRetryDelayMs?: number;
  /** Longest silence inside a reply stream before it counts as broken, in ms. Default 120000, or ALEX_STREAM_IDLE_TIMEOUT_MS. */
  streamIdleTimeoutMs?: number;
};

type RawToolCallDelta = {index?: number; id?: string; function?: {name?: string; arguments?: string}};

type RawStreamError = {message?: string; type?: string; code?: string | number};

type RawChunk = {
  choices?: Array<{delta?: {content?: string | null; tool_calls?: RawToolCallDelta[]}; finish_reason?: string | null}>;
  usage?: {prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: {cached_tokens?: number}} | null;
  error?: RawStreamError | string;
};

/**
 * What an `error` object in a 200 stream is worth before any output: another attempt when its
 * type, code or message says the server failed or is busy (OpenAI "server_error", gateways' HTTP
 * codes such as 502 or 503), none when it says the request was wrong.
 */
function streamErrorKind(error: RawStreamError, message: string): ApiErrorKind {
  const said = `${error.type ?? ''} ${error.code ?? ''} ${message}`;
  const status = Number(error.code);
  if (status === 429 || /rate.?limit/i.test(said)) {
    return 'rate_limit';
  }

  if ((status >= 500 && status < 600) || /server_error|internal|overload|capacity|unavailable|busy/i.test(said)) {
    return 'server';
  }

  return 'bad_response';
}

function toWireMessage(message: Message): Record<string, unknown> {
  switch (message.role) {
    case 'user': {
      return {role: 'user', content: message.content};
    }

    case 'assistant': {
      if (!message.toolCalls?.length) {
        return {role: 'assistant', content: message.content};
      }

      const toolCalls = message.toolCalls.map(call => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}}));
      return {role: 'assistant', content: message.content || null, tool_calls: toolCalls};
    }

    case 'tool': {
      return {role: 'tool', tool_call_id: message.toolCallId, content: message.content};
    }
  }
}

/** The chat-completions request body for a model request. */
export function toChatCompletionsBody(request: ModelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: [{role: 'system', content: request.system}, ...request.messages.map(toWireMessage)],
    stream: true,
    stream_options: {include_usage: true},
  };
  if (request.tools.length > 0) {
    body.tools = request.tools.map(tool => ({type: 'function', function: tool}));
  }

  if (request.maxTokens !== undefined) {
    body.max_tokens = request.maxTokens;
  }

  return body;
}

/** Reads chat-completions chunks into one reply; tool-call arguments arrive in fragments. */
class ChatCompletionsParser implements ReplyParser {
  text = '';
  calls: Array<ToolCall & {begun: boolean}> = [];
  usage: Usage | undefined;
  finishReason: string | undefined;
  done = false;

  constructor(private readonly endpoint: string) {}

  apply(event: EventSourceMessage): ModelEvent[] {
    if (event.data === '[DONE]') {
      this.done = true;
      this.finishReason ??= 'stop';
      return [];
    }

    let chunk: RawChunk;
    try {
      chunk = JSON.parse(event.data) as RawChunk;
    } catch {
      throw new ApiError('bad_response', `${this.endpoint} sent a stream event that is not JSON: ${event.data.slice(0, 120)}`);
    }

    if (chunk.error) {
      const message = extractMessage(JSON.stringify({error: chunk.error}));
      const error = typeof chunk.error === 'string' ? {} : chunk.error;
      const kind = this.hasOutput ? 'bad_response' : streamErrorKind(error, message);
      throw new ApiError(kind, `${this.endpoint} reported an error in the stream: ${message}`);
    }

    return this.applyChunk(chunk);
  }

  private applyChunk(chunk: RawChunk): ModelEvent[] {
    const events: ModelEvent[] = [];
    if (chunk.usage) {
      this.usage = {
        inputTokens: chunk.usage.prompt_tokens ?? 0,
        outputTokens: chunk.usage.completion_tokens ?? 0,
        cacheReadTokens: chunk.usage.prompt_tokens_details?.cached_tokens,
      };
    }

    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta;
      if (delta?.content) {
        this.text += delta.content;
        events.push({type: 'text_delta', text: delta.content});
      }

      for (const fragment of delta?.tool_calls ?? []) {
        events.push(...this.applyToolCall(fragment));
      }

      if (choice.finish_reason) {
        this.finishReason = choice.finish_reason;
      }
    }

    return events;
  }

  private applyToolCall(fragment: RawToolCallDelta): ModelEvent[] {
    const index = fragment.index ?? this.calls.length;
    const call = (this.calls[index] ??= {id: '', name: '', arguments: '', begun: false});
    call.id ||= fragment.id ?? '';
    call.name += fragment.function?.name ?? '';
    call.arguments += fragment.function?.arguments ?? '';
    if (call.begun || !call.name) {
      return [];
    }

    call.begun = true;
    return [{type: 'tool_call_begin', id: call.id, name: call.name}];
  }

  get hasOutput(): boolean {
    return this.text !== '' || this.calls.length > 0;
  }

  get hasToolCall(): boolean {
    return this.calls.length > 0;
  }

  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  reply(): ModelReply {
    // At the output limit the last call's arguments are cut short, and the calls before it may
    // depend on it: none of the reply is run, as the Anthropic provider does.
    const last = this.calls.at(-1);
    if (this.finishReason === 'length' && last) {
      throw new ApiError('bad_response', `The model reached its output limit (finish_reason "length") while writing the call to ${last.name}; no tool call of this reply was run.`);
    }

    const calls = this.calls.map(({id, name, arguments: args}, index) => ({id: id || `call_${index}`, name, arguments: args}));
    return {
      message: {role: 'assistant', content: this.text, ...(calls.length > 0 && {toolCalls: calls})},
      usage: this.usage,
      stopReason: this.stopReason(),
    };
  }

  private stopReason(): StopReason {
    if (this.calls.length > 0) {
      return 'tool_calls';
    }

    switch (this.finishReason) {
      case 'stop': {
        return 'end';
      }

      case 'length': {
        return 'max_tokens';
      }

      default: {
        return 'other';
      }
    }
  }
}

/** The OpenAI-compatible chat-completions provider: OpenAI, OpenRouter, DeepSeek, llama.cpp, vLLM, Ollama. */
export class OpenAiProvider implements Provider {
  readonly name = 'openai';
  private readonly url: string;

  constructor(private readonly options: OpenAiOptions) {
    this.url = `${options.baseUrl}/chat/completions`;
  }

  stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const headers: Record<string, string> = {accept: 'text/event-stream'};
    if (this.options.apiKey) {
      headers.authorization = `Bearer ${this.options.apiKey}`;
    }

    const endpoint = this.options.baseUrl;
    return streamReply(
      {
        url: this.url,
        headers,
        body: toChatCompletionsBody(request),
        endpoint,
        model: request.model,
        keyVariable: 'OPENAI_API_KEY',
        parser: () => new ChatCompletionsParser(endpoint),
        retries: this.options.retries,
        minDelayMs: this.options.minRetryDelayMs,
        idleTimeoutMs: this.options.streamIdleTimeoutMs,
      },
      signal,
    );
  }
}
