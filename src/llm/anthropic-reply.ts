import type {EventSourceMessage} from 'eventsource-parser';
import {ApiError, type ApiErrorKind} from './api-error.js';
import type {ReplyParser} from './reply-stream.js';
import type {ModelEvent, ModelReply, StopReason, ToolCall, Usage} from './types.js';

type RawUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
};

type RawBlock = {type?: string; id?: string; name?: string; text?: string; input?: unknown};

/** One streamed Messages API event; see https://docs.anthropic.com/en/api/messages-streaming. */
type RawEvent = {
  type?: string;
  index?: number;
  message?: {usage?: RawUsage};
  content_block?: RawBlock;
  delta?: {type?: string; text?: string; partial_json?: string; stop_reason?: string | null};
  usage?: RawUsage;
  error?: {type?: string; message?: string};
};

type PendingCall = ToolCall & {complete: boolean; initialInput: string};

/** Error types of an `error` event that are worth another attempt when no output came yet. */
const retryableErrorTypes: Record<string, ApiErrorKind> = {
  overloaded_error: 'server',
  api_error: 'server',
  rate_limit_error: 'rate_limit',
};

/** The initial `input` of a tool_use block; streamed blocks start with `{}` and fill it by deltas. */
function initialInput(block: RawBlock): string {
  const input = block.input;
  return typeof input === 'object' && input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
}

/** Reads a streamed Messages API reply: text and tool_use blocks, stop reason, usage. */
export class MessagesParser implements ReplyParser {
  text = '';
  done = false;
  private readonly calls: PendingCall[] = [];
  /** Content blocks by their index: a tool call, text, or a kind alex ignores. */
  private readonly blocks = new Map<number, PendingCall | 'text' | 'other'>();
  private lastBlock: PendingCall | 'text' | 'other' | undefined;
  private rawUsage: RawUsage = {};
  private stopReason: string | undefined;

  constructor(private readonly endpoint: string) {}

  get hasOutput(): boolean {
    return this.text !== '' || this.calls.length > 0;
  }

  get hasToolCall(): boolean {
    return this.calls.length > 0;
  }

  get finished(): boolean {
    return this.stopReason !== undefined;
  }

  apply(event: EventSourceMessage): ModelEvent[] {
    let raw: RawEvent;
    try {
      raw = JSON.parse(event.data) as RawEvent;
    } catch {
      throw new ApiError('bad_response', `${this.endpoint} sent a stream event that is not JSON: ${event.data.slice(0, 120)}`);
    }

    switch (raw.type) {
      case 'message_start': {
        this.addUsage(raw.message?.usage);
        return [];
      }

      case 'content_block_start': {
        return this.startBlock(raw.index ?? this.blocks.size, raw.content_block ?? {});
      }

      case 'content_block_delta': {
        return this.applyDelta(raw);
      }

      case 'content_block_stop': {
        const block = this.blocks.get(raw.index ?? -1);
        if (typeof block === 'object') {
          block.complete = true;
        }

        return [];
      }

      case 'message_delta': {
        this.stopReason = raw.delta?.stop_reason ?? this.stopReason;
        this.addUsage(raw.usage);
        return [];
      }

      case 'message_stop': {
        this.done = true;
        this.stopReason ??= 'end_turn';
        return [];
      }

      case 'error': {
        throw this.streamError(raw.error ?? {});
      }

      default: {
        // `ping`, and event types newer than this code: nothing to do.
        return [];
      }
    }
  }

  private startBlock(index: number, block: RawBlock): ModelEvent[] {
    if (block.type === 'text') {
      this.setBlock(index, 'text');
      return this.addText(block.text ?? '');
    }

    if (block.type !== 'tool_use') {
      // Thinking and server-side tool blocks carry nothing alex shows or runs.
      this.setBlock(index, 'other');
      return [];
    }

    const call: PendingCall = {id: block.id ?? `toolu_${this.calls.length}`, name: block.name ?? '', arguments: '', complete: false, initialInput: initialInput(block)};
    this.calls.push(call);
    this.setBlock(index, call);
    return [{type: 'tool_call_begin', id: call.id, name: call.name}];
  }

  private setBlock(index: number, block: PendingCall | 'text' | 'other'): void {
    this.blocks.set(index, block);
    this.lastBlock = block;
  }

  private applyDelta(raw: RawEvent): ModelEvent[] {
    const block = this.blocks.get(raw.index ?? -1);
    if (block === 'text' && raw.delta?.type === 'text_delta') {
      return this.addText(raw.delta.text ?? '');
    }

    if (typeof block === 'object' && raw.delta?.type === 'input_json_delta') {
      block.arguments += raw.delta.partial_json ?? '';
    }

    return [];
  }

  private addText(text: string): ModelEvent[] {
    if (text === '') {
      return [];
    }

    this.text += text;
    return [{type: 'text_delta', text}];
  }

  /** Usage fields come in message_start and (cumulative) in message_delta; the latest wins. */
  private addUsage(usage: RawUsage | undefined): void {
    for (const [key, value] of Object.entries(usage ?? {})) {
      if (typeof value === 'number') {
        this.rawUsage[key as keyof RawUsage] = value;
      }
    }
  }

  private streamError(error: {type?: string; message?: string}): ApiError {
    const type = error.type ?? 'error';
    const kind = this.hasOutput ? 'bad_response' : retryableErrorTypes[type] ?? 'bad_response';
    const partial = this.hasToolCall ? '; the tool call that had begun was not run' : '';
    return new ApiError(kind, `${this.endpoint} reported an error in the stream (${type}): ${error.message ?? 'no message'}${partial}`);
  }

  private usage(): Usage | undefined {
    const raw = this.rawUsage;
    if (raw.input_tokens === undefined && raw.output_tokens === undefined) {
      return undefined;
    }

    const cacheReadTokens = raw.cache_read_input_tokens ?? 0;
    const cacheWriteTokens = raw.cache_creation_input_tokens ?? 0;
    return {
      // The API counts cached input apart; alex's inputTokens is the whole prompt.
      inputTokens: (raw.input_tokens ?? 0) + cacheReadTokens + cacheWriteTokens,
      outputTokens: raw.output_tokens ?? 0,
      cacheReadTokens,
      cacheWriteTokens,
    };
  }

  private checkCalls(): void {
    const cut = this.calls.find(call => !call.complete);
    if (cut) {
      throw new ApiError('bad_response', `The model stream from ${this.endpoint} ended inside the call to ${cut.name}; the tool call that had begun was not run.`);
    }

    // At the output limit the API still closes the block it was writing, with its JSON cut short.
    const last = this.lastBlock;
    if (this.stopReason === 'max_tokens' && typeof last === 'object') {
      throw new ApiError('bad_response', `The model reached its output limit (max_tokens) while writing the call to ${last.name}; the tool call was not run.`);
    }
  }

  reply(): ModelReply {
    this.checkCalls();
    const calls = this.calls.map(({id, name, arguments: args, initialInput}) => ({id, name, arguments: args || initialInput}));
    return {
      message: {role: 'assistant', content: this.text, ...(calls.length > 0 && {toolCalls: calls})},
      usage: this.usage(),
      stopReason: this.mappedStopReason(),
    };
  }

  private mappedStopReason(): StopReason {
    if (this.calls.length > 0) {
      return 'tool_calls';
    }

    switch (this.stopReason) {
      case 'end_turn':
      case 'stop_sequence': {
        return 'end';
      }

      case 'max_tokens': {
        return 'max_tokens';
      }

      default: {
        return 'other';
      }
    }
  }
}
