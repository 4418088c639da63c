import {BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleAll, retry, wrap} from 'cockatiel';

/** The backoff between two attempts to get a server back. */
export type RetryDelays = {
  /** Median of the first delay, in ms; later delays grow exponentially. Default 1000. */
  initialDelayMs?: number;
  /** Longest delay, in ms. Default 30000. */
  maxDelayMs?: number;
};

/** Failed attempts in a row after which the circuit opens. */
const failuresToOpen = 3;
/** How long an open circuit refuses attempts before it lets one probe through, in ms. */
export const halfOpenAfterMs = 5000;
/**
 * A connection that lasted less than this counts as a failed attempt, in ms: a server that accepts
 * and drops at once must not look healthy to the breaker and the backoff.
 */
export const stableSessionMs = 10_000;

/**
 * The reconnect policy of one server: cockatiel's exponential backoff with decorrelated jitter
 * between attempts, wrapped around a consecutive-failure circuit breaker (closed → open after 3
 * failures → one half-open probe every 5 s). Its timers are unreferenced: a pending retry never
 * keeps alex running.
 */
export function recoveryPolicy({initialDelayMs = 1000, maxDelayMs = 30_000}: RetryDelays = {}) {
  const breaker = circuitBreaker(handleAll, {halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failuresToOpen)});
  const backoff = new ExponentialBackoff({initialDelay: initialDelayMs, maxDelay: maxDelayMs});
  const retries = retry(handleAll, {maxAttempts: Number.POSITIVE_INFINITY, backoff}).dangerouslyUnref();

  return {retries, breaker, policy: wrap(retries, breaker)};
}

/** True for the error an open circuit throws instead of running an attempt. */
export function isOpenCircuit(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}
