import type {EventSourceMessage} from 'eventsource-parser';
import {isAbortError} from '../errors.js';
import {log} from '../log.js';
import {ApiError, extractMessage, networkError, statusError} from './api-error.js';
import {postJson, readText} from './http.js';
import {connectWithRetry} from './retry.js';
import {readSse} from './sse.js';
import type {Message, ModelEvent, ModelRequest, Provider, StopReason, ToolCall, Usage} from './types.js';

export type OpenAiOptions = {
  baseUrl: string;
  apiKey: string | undefined;
  /** Attempts after the first for retryable failures. Default 5. */
  retries?: number;
  /** First backoff wait in ms. Default 500. */
  minRetryDelayMs?: number;
};

type RawToolCallDelta = {index?: number; id?: string; function?: {name?: string; arguments?: string}};

type RawChunk = {
  choices?: Array<{delta?: {content?: string | null; tool_calls?: RawToolCallDelta[]}; finish_reason?: string | null}>;
  usage?: {prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: {cached_tokens?: number}} | null;
  error?: {message?: string; type?: string; code?: string | number} | string;
};

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

/** Accumulates streamed chunks into one reply; tool-call arguments arrive in fragments. */
class ReplyBuilder {
  text = '';
  calls: Array<ToolCall & {begun: boolean}> = [];
  usage: Usage | undefined;
  finishReason: string | undefined;
  done = false;

  apply(chunk: RawChunk): ModelEvent[] {
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

  stopReason(): StopReason {
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

type Connected = {events: AsyncGenerator<EventSourceMessage>; builder: ReplyBuilder; early: ModelEvent[]};

/** Reads what follows `[DONE]` so the keep-alive socket goes back to the pool. */
async function drain(events: AsyncGenerator<EventSourceMessage>): Promise<void> {
  try {
    while (!(await events.next()).done) {
      // Nothing follows [DONE] in a well-formed stream.
    }
  } catch {
    // The reply is complete; a broken tail does not matter.
  }
}

/** The OpenAI-compatible chat-completions provider: OpenAI, OpenRouter, DeepSeek, llama.cpp, vLLM, Ollama. */
export class OpenAiProvider implements Provider {
  readonly name = 'openai';
  private readonly url: string;

  constructor(private readonly options: OpenAiOptions) {
    this.url = `${options.baseUrl}/chat/completions`;
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const started = performance.now();
    const connected = yield* connectWithRetry(attemptSignal => this.connect(request, attemptSignal), {
      signal,
      retries: this.options.retries,
      minDelayMs: this.options.minRetryDelayMs,
    });
    const {events, builder} = connected;
    yield* connected.early;
    while (!builder.done) {
      const event = await this.next(events, builder, true);
      if (event === undefined) {
        break;
      }

      yield* this.handle(event, builder);
    }

    void drain(events);
    const calls = builder.calls.map(({id, name, arguments: args}, index) => ({id: id || `call_${index}`, name, arguments: args}));
    log.debug('model reply', {ms: Math.round(performance.now() - started), toolCalls: calls.length, usage: builder.usage});
    yield {
      type: 'reply',
      reply: {message: {role: 'assistant', content: builder.text, ...(calls.length > 0 && {toolCalls: calls})}, usage: builder.usage, stopReason: builder.stopReason()},
    };
  }

  private async connect(request: ModelRequest, signal: AbortSignal): Promise<Connected> {
    const headers: Record<string, string> = {accept: 'text/event-stream'};
    if (this.options.apiKey) {
      headers.authorization = `Bearer ${this.options.apiKey}`;
    }

    log.debug('model request', {url: this.url, model: request.model, messages: request.messages.length, tools: request.tools.length});
    let response;
    try {
      response = await postJson(this.url, toChatCompletionsBody(request), {headers, signal});
    } catch (error) {
      // Only socket errors carry an errno code; anything else is a bug and must not be retried.
      const isSocketError = typeof (error as NodeJS.ErrnoException).code === 'string';
      throw isAbortError(error) || signal.aborted || !isSocketError ? error : networkError(error, this.options.baseUrl);
    }

    if (response.status !== 200) {
      const text = await readText(response.body).catch(() => '');
      throw statusError(response.status, text, response.headers, this.options.baseUrl, request.model, 'OPENAI_API_KEY');
    }

    const builder = new ReplyBuilder();
    const events = readSse(response.body);
    const early: ModelEvent[] = [];
    while (early.length === 0 && !builder.done) {
      const event = await this.next(events, builder, false);
      if (event === undefined) {
        break;
      }

      early.push(...this.handle(event, builder));
    }

    return {events, builder, early};
  }

  /** The next event, or undefined at the end; a cut stream is an ApiError, retryable before output. */
  private async next(events: AsyncGenerator<EventSourceMessage>, builder: ReplyBuilder, afterOutput: boolean): Promise<EventSourceMessage | undefined> {
    let result: IteratorResult<EventSourceMessage>;
    try {
      result = await events.next();
    } catch (error) {
      if (isAbortError(error)) {
        throw error;
      }

      throw this.cut(builder, afterOutput, (error as Error).message);
    }

    if (!result.done) {
      return result.value;
    }

    if (builder.finishReason === undefined) {
      throw this.cut(builder, afterOutput, 'the stream ended before the reply was complete');
    }

    return undefined;
  }

  private cut(builder: ReplyBuilder, afterOutput: boolean, reason: string): ApiError {
    const partial = builder.calls.length > 0 ? '; the tool call that had begun was not run' : '';
    const message = `The model stream from ${this.options.baseUrl} broke: ${reason}${partial}`;
    return afterOutput || builder.hasOutput ? new ApiError('bad_response', message) : new ApiError('stream_cut', message);
  }

  private handle(event: EventSourceMessage, builder: ReplyBuilder): ModelEvent[] {
    if (event.data === '[DONE]') {
      builder.done = true;
      builder.finishReason ??= 'stop';
      return [];
    }

    let chunk: RawChunk;
    try {
      chunk = JSON.parse(event.data) as RawChunk;
    } catch {
      throw new ApiError('bad_response', `${this.options.baseUrl} sent a stream event that is not JSON: ${event.data.slice(0, 120)}`);
    }

    if (chunk.error) {
      const message = extractMessage(JSON.stringify({error: chunk.error}));
      const kind = builder.hasOutput ? 'bad_response' : /overload|rate|capacity|busy|unavailable/i.test(message) ? 'server' : 'bad_response';
      throw new ApiError(kind, `${this.options.baseUrl} reported an error in the stream: ${message}`);
    }

    return builder.apply(chunk);
  }
}
