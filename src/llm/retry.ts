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

/**
 * Runs `connect` (send the request and read up to the first output) with p-retry's jittered
 * exponential backoff, honouring the server's Retry-After. Yields a `retry` event per wait, then
 * the connected value. Only failures before any output reach the caller get here, so a retry
 * never repeats output the user has seen.
 */
export async function* connectWithRetry<T>(connect: (signal: AbortSignal) => Promise<T>, options: RetryOptions): AsyncGenerator<ModelEvent, T> {
  const notices: ModelEvent[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const minTimeout = options.minDelayMs ?? 500;
  const connecting = pRetry(() => connect(options.signal), {
    retries: options.retries ?? 5,
    minTimeout,
    maxTimeout: 60_000,
    factor: 2,
    randomize: true,
    signal: options.signal,
    shouldRetry: ({error}) => error instanceof ApiError && error.retryable,
    async onFailedAttempt({error, attemptNumber, retriesLeft}) {
      if (!(error instanceof ApiError) || !error.retryable || retriesLeft === 0) {
        return;
      }

      // p-retry waits at least `backoff` after this returns; a longer Retry-After is made up here,
      // so the total wait is what the server asked for plus p-retry's jitter.
      const backoff = minTimeout * 2 ** (attemptNumber - 1);
      const delayMs = Math.max(error.retryAfterMs ?? 0, backoff);
      log.warn('model request retry', {attempt: attemptNumber, kind: error.kind, status: error.status, delayMs});
      notices.push({type: 'retry', attempt: attemptNumber, delayMs, reason: error.message});
      wake?.();
      if (error.retryAfterMs !== undefined && error.retryAfterMs > backoff) {
        await sleep(error.retryAfterMs - backoff, options.signal);
      }
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
