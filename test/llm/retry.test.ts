import {describe, expect, it} from 'vitest';
import {ApiError} from '../../src/llm/api-error.js';
import {maxRetryDelayMs, retryDelay} from '../../src/llm/retry.js';

const busy = (retryAfterMs?: number) => new ApiError('rate_limit', 'busy', {status: 429, retryAfterMs});

describe('retryDelay', () => {
  it('waits what the server asked for, instead of the backoff, not on top of it', () => {
    expect(retryDelay(busy(7000), 3, 500)).toBe(7000);
  });

  it('never waits longer than 60 s, at any attempt', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(retryDelay(busy(60_000), attempt, 500)).toBeLessThanOrEqual(maxRetryDelayMs);
      expect(retryDelay(busy(), attempt, 20_000)).toBeLessThanOrEqual(maxRetryDelayMs);
    }
  });

  it('backs off exponentially with jitter when the server asks for no wait', () => {
    for (const asked of [undefined, 0]) {
      const waits = Array.from({length: 50}, () => retryDelay(busy(asked), 3, 500));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(2000);
      expect(Math.max(...waits)).toBeLessThanOrEqual(4000);
      expect(new Set(waits).size).toBeGreaterThan(1);
    }
  });
});
