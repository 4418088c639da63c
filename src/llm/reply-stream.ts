import type {EventSourceMessage} from 'eventsource-parser';
import {isAbortError} from '../errors.js';
import {log} from '../log.js';
import {ApiError, networkError, statusError} from './api-error.js';
import {postJson, readText} from './http.js';
import {connectWithRetry} from './retry.js';
import {readSse} from './sse.js';
import type {ModelEvent, ModelReply} from './types.js';

/** A provider's reading of its wire format: server-sent events in, model events and one reply out. */
export interface ReplyParser {
  /** Text or a tool call has arrived: a failure from now on is not retried. */
  readonly hasOutput: boolean;
  /** A tool call has begun: a failure from now on must say that it was not run. */
  readonly hasToolCall: boolean;
  /** The stream said the reply is over (`[DONE]`, `message_stop`): nothing more is read. */
  readonly done: boolean;
  /** The reply has its stop reason, so the end of the body is no longer a cut. */
  readonly finished: boolean;
  /** Applies one event; throws an ApiError for an error the server reported inside the stream. */
  apply(event: EventSourceMessage): ModelEvent[];
  /** The whole reply; throws an ApiError when it cannot be used as it is. */
  reply(): ModelReply;
}

export type ReplyStreamOptions = {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** The base URL, as error messages name it. */
  endpoint: string;
  model: string;
  /** The environment variable that holds the key, named when the key is refused. */
  keyVariable: string;
  /** A fresh parser for each attempt. */
  parser: () => ReplyParser;
  /** Attempts after the first for retryable failures. Default 5. */
  retries?: number;
  /** First backoff wait in ms. Default 500. */
  minDelayMs?: number;
  /** Longest silence inside the stream, in ms; default that of postJson (120 s). */
  idleTimeoutMs?: number;
};

type Connected = {events: AsyncGenerator<EventSourceMessage>; parser: ReplyParser; early: ModelEvent[]};

/** Reads what follows the end of the reply so the keep-alive socket goes back to the pool. */
async function drain(events: AsyncGenerator<EventSourceMessage>): Promise<void> {
  try {
    while (!(await events.next()).done) {
      // Nothing follows the end marker in a well-formed stream.
    }
  } catch {
    // The reply is complete; a broken tail does not matter.
  }
}

function cut(options: ReplyStreamOptions, parser: ReplyParser, afterOutput: boolean, reason: string): ApiError {
  const partial = parser.hasToolCall ? '; the tool call that had begun was not run' : '';
  const message = `The model stream from ${options.endpoint} broke: ${reason}${partial}`;
  return afterOutput || parser.hasOutput ? new ApiError('bad_response', message) : new ApiError('stream_cut', message);
}

/** The next event, or undefined at the end; a cut stream is an ApiError, retryable before output. */
async function nextEvent(events: AsyncGenerator<EventSourceMessage>, options: ReplyStreamOptions, parser: ReplyParser, afterOutput: boolean, signal: AbortSignal): Promise<EventSourceMessage | undefined> {
  let result: IteratorResult<EventSourceMessage>;
  try {
    result = await events.next();
  } catch (error) {
    // An aborted request can surface as a plain socket error ("aborted"), not as an AbortError.
    signal.throwIfAborted();
    if (isAbortError(error)) {
      throw error;
    }

    throw cut(options, parser, afterOutput, (error as Error).message);
  }

  if (!result.done) {
    return result.value;
  }

  if (!parser.finished) {
    throw cut(options, parser, afterOutput, 'the stream ended before the reply was complete');
  }

  return undefined;
}

/** Sends the request and reads up to the first output, so that failures up to there can be retried. */
async function connect(options: ReplyStreamOptions, signal: AbortSignal): Promise<Connected> {
  log.debug('model request', {url: options.url, model: options.model});
  let response;
  try {
    response = await postJson(options.url, options.body, {headers: options.headers, signal, idleTimeoutMs: options.idleTimeoutMs});
  } catch (error) {
    // Only socket errors carry an errno code; anything else is a bug and must not be retried.
    const isSocketError = typeof (error as NodeJS.ErrnoException).code === 'string';
    throw isAbortError(error) || signal.aborted || !isSocketError ? error : networkError(error, options.endpoint);
  }

  if (response.status !== 200) {
    const text = await readText(response.body).catch(() => '');
    throw statusError(response.status, text, response.headers, options.endpoint, options.model, options.keyVariable);
  }

  const parser = options.parser();
  const events = readSse(response.body);
  const early: ModelEvent[] = [];
  try {
    while (early.length === 0 && !parser.done) {
      const event = await nextEvent(events, options, parser, false, signal);
      if (event === undefined) {
        break;
      }

      early.push(...parser.apply(event));
    }
  } catch (error) {
    close(events);
    throw error;
  }

  return {events, parser, early};
}

/** Stops reading a reply that failed; the response body is destroyed with the generator. */
function close(events: AsyncGenerator<EventSourceMessage>): void {
  events.return(undefined).catch(() => undefined);
}

/** Streams one model reply over SSE with the retry policy every provider shares. */
export async function* streamReply(options: ReplyStreamOptions, signal: AbortSignal): AsyncGenerator<ModelEvent> {
  const started = performance.now();
  const connected = yield* connectWithRetry(attemptSignal => connect(options, attemptSignal), {
    signal,
    retries: options.retries,
    minDelayMs: options.minDelayMs,
  });
  const {events, parser} = connected;
  let complete = false;
  try {
    yield* connected.early;
    while (!parser.done) {
      const event = await nextEvent(events, options, parser, true, signal);
      if (event === undefined) {
        break;
      }

      yield* parser.apply(event);
    }

    complete = true;
  } finally {
    // A failure or a consumer that stopped early leaves the body unread: let it go.
    if (!complete) {
      close(events);
    }
  }

  void drain(events);
  const reply = parser.reply();
  log.debug('model reply', {ms: Math.round(performance.now() - started), toolCalls: reply.message.toolCalls?.length ?? 0, usage: reply.usage});
  yield {type: 'reply', reply};
}
