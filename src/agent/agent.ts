import type {ContextEvent} from '../context/record.js';
import {AlexError, errorMessage, isAbortError, RunError} from '../errors.js';
import {log} from '../log.js';
import {ApiError} from '../llm/api-error.js';
import {addUsage, type AssistantMessage, type Message, type ModelEvent, type ModelReply, type ModelRequest, type Provider, type ToolCall, type Usage} from '../llm/types.js';
import type {PolicyOptions} from '../tools/permissions.js';
import type {ToolRegistry} from '../tools/registry.js';
import type {ToolContext, ToolResult} from '../tools/types.js';
import type {Approver} from './approval.js';
import type {AgentEvent, DoneReason} from './events.js';
import {prepareCall, runCall, type PreparedCall} from './tool-runner.js';

/** Shapes the messages of each request (compaction); it never changes the conversation itself. */
export interface RequestShaper {
  /** The messages to send for `request`, and what happened to the context on the way. */
  shape(request: ModelRequest, signal: AbortSignal): Promise<{messages: Message[]; events: ContextEvent[]}>;
  /** Smaller messages after the endpoint refused the shaped request as too long; sent once. */
  shrink(request: ModelRequest, signal: AbortSignal): Promise<{messages: Message[]; events: ContextEvent[]}>;
  /** The usage the endpoint reported for the request last shaped. */
  observe(usage: Usage): void;
}

export type AgentOptions = {
  provider: Provider;
  model: string;
  system: string;
  tools: ToolRegistry;
  policy: PolicyOptions;
  approver: Approver;
  /** Model round trips per run before it stops. */
  maxTurns: number;
  /** Environment for child processes, keys already removed. */
  env: NodeJS.ProcessEnv;
  /** The conversation so far, for a resumed session. */
  messages?: Message[];
  shaper?: RequestShaper;
  isExternalTool?: (name: string) => boolean;
};

const emptyUsage: Usage = {inputTokens: 0, outputTokens: 0};

/** Sentinel thrown out of a turn to stop the run with an error event already emitted. */
class StopRun extends Error {}

/** The one engine: model request, tool calls, results, repeat; consumed as a stream of events. */
export class Agent {
  readonly messages: Message[];
  private readonly options: AgentOptions;
  private totalUsage: Usage = emptyUsage;
  /** How many of `messages` have been emitted as events. */
  private emitted: number;

  constructor(options: AgentOptions) {
    this.options = options;
    this.messages = options.messages ?? [];
    this.emitted = this.messages.length;
  }

  get usage(): Usage {
    return this.totalUsage;
  }

  setModel(model: string): void {
    this.options.model = model;
  }

  get model(): string {
    return this.options.model;
  }

  /** Runs one prompt to its end: the final answer, max turns, an error, or the signal's abort. */
  async *run(prompt: string, signal: AbortSignal): AsyncGenerator<AgentEvent> {
    const started = performance.now();
    let turns = 0;
    let result = '';
    let reason: DoneReason = 'end';
    const runUsage = {value: emptyUsage};
    yield* this.append({role: 'user', content: prompt});
    try {
      for (;;) {
        signal.throwIfAborted();
        turns++;
        yield {type: 'turn_start', turn: turns};
        const reply = yield* this.request(signal, runUsage);
        result = reply.message.content;
        yield* this.append(reply.message);
        const calls = reply.message.toolCalls ?? [];
        if (calls.length === 0) {
          break;
        }

        yield* this.runTools(calls, signal);
        if (turns >= this.options.maxTurns) {
          reason = 'max_turns';
          result = `Stopped after ${turns} model turns (--max-turns ${this.options.maxTurns}) before the task was finished.`;
          break;
        }
      }
    } catch (error) {
      yield* this.flushMessages();
      if (isAbortError(error) || signal.aborted) {
        reason = 'aborted';
        result = 'Cancelled.';
      } else {
        reason = 'error';
        result = errorMessage(error);
        if (!(error instanceof StopRun)) {
          yield this.errorEvent(error);
        }
      }
    }

    const durationMs = Math.round(performance.now() - started);
    yield {type: 'done', reason, result, turns, usage: runUsage.value, durationMs};
  }

  private *append(message: Message): Generator<AgentEvent> {
    this.messages.push(message);
    yield* this.flushMessages();
  }

  /** Emits the messages added since the last event, in order. */
  private *flushMessages(): Generator<AgentEvent> {
    while (this.emitted < this.messages.length) {
      yield {type: 'message', message: this.messages[this.emitted++]!};
    }
  }

  private errorEvent(error: unknown): AgentEvent {
    const code = error instanceof AlexError ? error.code : 'internal';
    const exitCode = error instanceof AlexError ? error.exitCode : 1;
    log.error('run failed', {code, error: errorMessage(error)});
    return {type: 'error', message: errorMessage(error), code, exitCode};
  }

  /** One model round trip, streamed; on abort the partial answer is kept in the conversation. */
  private async *request(signal: AbortSignal, runUsage: {value: Usage}): AsyncGenerator<AgentEvent, ModelReply> {
    const request = {model: this.options.model, system: this.options.system, messages: this.messages, tools: this.options.tools.specs()};
    let partial = '';
    let reply: ModelReply | undefined;
    try {
      for await (const event of this.stream(request, signal)) {
        if (event.type === 'text_delta') {
          partial += event.text;
          yield event;
        } else if (event.type === 'reply') {
          reply = event.reply;
        } else if (event.type !== 'tool_call_begin') {
          yield event;
        }
      }
    } catch (error) {
      if (partial !== '' && (isAbortError(error) || signal.aborted)) {
        yield* this.append({role: 'assistant', content: `${partial}\n[cancelled by the user]`});
      }

      throw error;
    }

    if (!reply) {
      throw new AlexError('The model stream ended without a reply.', 'bad_response', 1);
    }

    if (reply.message.content === '' && !reply.message.toolCalls?.length) {
      yield this.errorEvent(new AlexError(`The model returned an empty reply (stop reason: ${reply.stopReason}).`, 'empty_reply', 1));
      throw new StopRun('The model returned an empty reply.');
    }

    if (reply.usage) {
      this.totalUsage = addUsage(this.totalUsage, reply.usage);
      runUsage.value = addUsage(runUsage.value, reply.usage);
      this.options.shaper?.observe(reply.usage);
      yield {type: 'usage', usage: reply.usage, total: this.totalUsage};
    }

    return reply;
  }

  /** The model's stream for the shaped request; one refused as too long is shrunk and sent once more. */
  private async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent | ContextEvent> {
    const {provider, shaper} = this.options;
    if (!shaper) {
      return yield* provider.stream(request, signal);
    }

    const shaped = await shaper.shape(request, signal);
    yield* shaped.events;
    try {
      return yield* provider.stream({...request, messages: shaped.messages}, signal);
    } catch (error) {
      if (!isContextLength(error)) {
        throw error;
      }
    }

    const smaller = await shaper.shrink(request, signal);
    yield* smaller.events;
    try {
      return yield* provider.stream({...request, messages: smaller.messages}, signal);
    } catch (error) {
      const hint = 'alex compressed the conversation harder and retried once; if the model accepts less than alex assumes, set contextWindow (or ALEX_CONTEXT_WINDOW) to its real window.';
      throw isContextLength(error) ? new RunError(`${errorMessage(error).replace(/\.?$/, '.')} ${hint}`, 'context_length', {cause: error}) : error;
    }
  }

  private context(signal: AbortSignal): ToolContext {
    return {workspace: this.options.policy.workspace, signal, env: this.options.env};
  }

  /** Runs a reply's tool calls: consecutive read-only calls together, the rest one at a time. */
  private async *runTools(calls: ToolCall[], signal: AbortSignal): AsyncGenerator<AgentEvent> {
    const prepared = calls.map(call => prepareCall(call, this.options.tools));
    const results = new Map<string, ToolResult>();
    try {
      for (const batch of batches(prepared)) {
        for (const item of batch) {
          yield {type: 'tool_start', call: item.call, input: item.input};
        }

        const started = performance.now();
        const running = batch.map(item => this.runOne(item, signal));
        for (const [index, item] of batch.entries()) {
          const result = await running[index]!;
          results.set(item.call.id, result);
          yield {type: 'tool_end', call: item.call, result, durationMs: Math.round(performance.now() - started)};
        }
      }
    } finally {
      // Every tool call gets a result, also after an abort, so the conversation stays valid.
      for (const {call} of prepared) {
        const result = results.get(call.id) ?? {content: 'Not run: the user cancelled the turn.', isError: true};
        this.messages.push({role: 'tool', toolCallId: call.id, name: call.name, content: result.content, ...(result.isError && {isError: true})});
      }
    }

    yield* this.flushMessages();
  }

  private runOne(item: PreparedCall, signal: AbortSignal): Promise<ToolResult> {
    return runCall(item, {
      tools: this.options.tools,
      policy: this.options.policy,
      approver: this.options.approver,
      context: this.context(signal),
      isExternal: this.options.isExternalTool ?? (() => false),
    });
  }
}

function isContextLength(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'context_length';
}

/** Groups calls so that consecutive read-only ones run together. */
function* batches(prepared: PreparedCall[]): Generator<PreparedCall[]> {
  let current: PreparedCall[] = [];
  for (const item of prepared) {
    if (item.readOnly) {
      current.push(item);
      continue;
    }

    if (current.length > 0) {
      yield current;
      current = [];
    }

    yield [item];
  }

  if (current.length > 0) {
    yield current;
  }
}

export type {AssistantMessage};
