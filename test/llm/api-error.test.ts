import {describe, expect, it} from 'vitest';
import {parseRetryAfter, statusError} from '../../src/llm/api-error.js';

describe('Retry-After', () => {
  it('reads seconds, milliseconds and HTTP dates, capped at 60 s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter({'retry-after': '3'}, now)).toBe(3000);
    expect(parseRetryAfter({'retry-after-ms': '250'}, now)).toBe(250);
    expect(parseRetryAfter({'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT'}, now)).toBe(10_000);
    expect(parseRetryAfter({'retry-after': '3600'}, now)).toBe(60_000);
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});

describe('status errors', () => {
  const classify = (status: number, body = '') => statusError(status, body, {}, 'http://x', 'm', 'OPENAI_API_KEY');

  it('retries 408, 409, 429 and 5xx and nothing else', () => {
    for (const status of [408, 409, 429, 500, 502, 503]) {
      expect(classify(status).retryable).toBe(true);
    }

    for (const status of [400, 401, 403, 404, 422]) {
      expect(classify(status).retryable).toBe(false);
    }
  });

  it('says the model is unknown only when a 404 names the model', () => {
    const openAi = classify(404, JSON.stringify({error: {message: 'The model `m` does not exist', code: 'model_not_found'}}));
    expect(openAi.kind).toBe('model_not_found');
    expect(classify(404, JSON.stringify({error: {message: 'no such thing', code: 'model_not_found'}})).kind).toBe('model_not_found');
    const wrongPath = classify(404, '404 page not found');
    expect(wrongPath.kind).toBe('not_found');
    expect(wrongPath.exitCode).toBe(2);
    expect(wrongPath.message).toBe('http://x answered HTTP 404 (not found): 404 page not found. Check the base URL; an OpenAI-compatible one usually ends in /v1.');
  });

  it('recognises a context-length error and does not retry it', () => {
    const error = classify(400, JSON.stringify({error: {message: "This model's maximum context length is 8192 tokens"}}));
    expect(error.kind).toBe('context_length');
    expect(error.retryable).toBe(false);
  });
});
