import {describe, expect, it} from 'vitest';
import {contextWindowFor, knownContextWindow, unknownModelWindow} from '../../src/context/model-windows.js';

describe('model context windows', () => {
  it('knows models by the longest matching name prefix, also behind a router prefix', () => {
    expect(knownContextWindow('gpt-4o-mini')).toBe(128_000);
    expect(knownContextWindow('gpt-4.1-mini')).toBe(1_047_576);
    expect(knownContextWindow('gpt-4-0613')).toBe(8192);
    expect(knownContextWindow('openai/gpt-4o')).toBe(128_000);
    expect(knownContextWindow('Claude-Sonnet-4-5')).toBe(200_000);
    expect(knownContextWindow('my-local-model')).toBeUndefined();
  });

  it('lets the setting override the table and falls back for unknown models', () => {
    expect(contextWindowFor('gpt-4o', 8000)).toBe(8000);
    expect(contextWindowFor('my-local-model', undefined)).toBe(unknownModelWindow);
  });
});
