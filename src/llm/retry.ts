import pRetry from 'p-retry';
import {log} from '../log.js';
import {ApiError} from './api-error.js';
import type {ModelEvent} from './types.js';

export type RetryOptions = {
  signal: AbortSignal;
  /** Attempts after the first. Default 5. */
  retries?: number;
  /** First backoff wait in ms, doubled each attempt and jittered. Default 500. */
  minDelayMs?: number;
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };

    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, {once: true});
  });
}

/** Longest wait between two attempts, whatever the server asks: 60 s. */
export const maxRetryDelayMs = 60_000;

/**
 * The wait before attempt `attemptNumber + 1`: the server's Retry-After when it asked for one,
 * else exponential backoff from `minDelayMs`, jittered ×1 to ×2; never over 60 s. A Retry-After
 * of 0 asks for nothing in particular and gets the backoff, so a busy server is not hammered.
 */
export function retryDelay(error: ApiError, attemptNumber: number, minDelayMs: number): number {
  const backoff = minDelayMs * 2 ** (attemptNumber - 1) * (1 + Math.random());
  const asked = error.retryAfterMs !== undefined && error.retryAfterMs > 0 ? error.retryAfterMs : backoff;
  return Math.round(Math.min(asked, maxRetryDelayMs));
}

/** True when a failed attempt is worth another, as the error and its own retry limit say. */
function worthRetrying(error: unknown, attemptNumber: number): error is ApiError {
  return error instanceof ApiError && error.retryable && (error.retryLimit === undefined || attemptNumber <= error.retryLimit);
}

/**
 * Runs `connect` (send the request and read up to the first output) under p-retry, waiting
 * `retryDelay` between attempts. Yields a `retry` event per wait, then
 * the connected value. Only failures before any output reach the caller get here, so a retry
 * never repeats output the user has seen.
 */
export async function* connectWithRetry<T>(connect: (signal: AbortSignal) => Promise<T>, options: RetryOptions): AsyncGenerator<ModelEvent, T> {
  const notices: ModelEvent[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const minDelayMs = options.minDelayMs ?? 500;
  const connecting = pRetry(() => connect(options.signal), {
    retries: options.retries ?? 5,
    // alex waits in onFailedAttempt, so that a Retry-After replaces the backoff and the wait
    // reported in the retry event is the one taken; p-retry's own wait is then zero.
    minTimeout: 0,
    signal: options.signal,
    shouldRetry: ({error, attemptNumber}) => worthRetrying(error, attemptNumber),
    async onFailedAttempt({error, attemptNumber, retriesLeft}) {
      if (!worthRetrying(error, attemptNumber) || retriesLeft === 0) {
        return;
      }

      const delayMs = retryDelay(error, attemptNumber, minDelayMs);
      log.warn('model request retry', {attempt: attemptNumber, kind: error.kind, status: error.status, delayMs});
      notices.push({type: 'retry', attempt: attemptNumber, delayMs, reason: error.message});
      wake?.();
      await sleep(delayMs, options.signal);
    },
  });
  void connecting.then(
    () => undefined,
    () => undefined,
  ).finally(() => {
    settled = true;
    wake?.();
  });

  while (!settled || notices.length > 0) {
    if (notices.length > 0) {
      yield notices.shift()!;
      continue;
    }

    await new Promise<void>(resolve => {
      wake = resolve;
    });
    wake = undefined;
  }

  return connecting;
}
