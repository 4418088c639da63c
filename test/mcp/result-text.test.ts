import {describe, expect, it} from 'vitest';
import {capResult, maxResultBytes, resultText} from '../../src/mcp/result-text.js';

describe('resultText', () => {
  it('joins text blocks as they are', () => {
    expect(resultText({content: [{type: 'text', text: 'one'}, {type: 'text', text: '{"two": 2}'}]})).toEqual({content: 'one\n{"two": 2}', isError: false});
  });

  it('passes isError through', () => {
    expect(resultText({content: [{type: 'text', text: 'no such file'}], isError: true})).toEqual({content: 'no such file', isError: true});
  });

  it('describes images and audio by MIME type and decoded size', () => {
    const data = Buffer.alloc(3000).toString('base64');
    const result = resultText({content: [{type: 'image', data, mimeType: 'image/png'}, {type: 'audio', data, mimeType: 'audio/wav'}]});
    expect(result.content).toBe('[image (image/png, 2.9 KB), not shown]\n[audio (audio/wav, 2.9 KB), not shown]');
  });

  it('keeps the text of an embedded text resource and describes a binary one', () => {
    const result = resultText({
      content: [
        {type: 'resource', resource: {uri: 'file:///a.txt', mimeType: 'text/plain', text: 'hello'}},
        {type: 'resource', resource: {uri: 'file:///b.bin', mimeType: 'application/zip', blob: Buffer.alloc(10).toString('base64')}},
        {type: 'resource_link', uri: 'file:///c.md', name: 'c.md', mimeType: 'text/markdown'},
      ],
    });
    expect(result.content).toBe('[resource file:///a.txt (text/plain, 5 B)]\nhello\n[resource file:///b.bin (application/zip, 10 B), binary content not shown]\n[resource link file:///c.md (c.md, text/markdown)]');
  });

  it('falls back to structured content when there is no content', () => {
    expect(resultText({content: [], structuredContent: {sum: 3}})).toEqual({content: '{"sum":3}', isError: false});
  });

  it('cuts a result over 100 KB and says how much was dropped', () => {
    const result = resultText({content: [{type: 'text', text: 'y'.repeat(maxResultBytes + 5000)}]});
    expect(result.content).toBe(`${'y'.repeat(maxResultBytes)}\n[… result cut: the last 4.9 KB of 104.9 KB were dropped …]`);
  });

  it('counts the limit in bytes of UTF-8, not in characters', () => {
    const text = '€'.repeat(40_000);
    const kept = resultText({content: [{type: 'text', text}]}).content.split('\n')[0]!;

    // 34133 euro signs of 3 bytes each fit in 102400 bytes; a 34134th would not.
    expect(kept).toBe('€'.repeat(34_133));
    expect(capResult('ab€', 4)).toBe('ab\n[… result cut: the last 3 B of 5 B were dropped …]');
  });

  it('never splits a character made of a surrogate pair', () => {
    const text = `a${'😀'.repeat(30_000)}`;
    const kept = resultText({content: [{type: 'text', text}]}).content.split('\n')[0]!;

    expect(kept).toBe(`a${'😀'.repeat(25_599)}`);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(maxResultBytes);
    expect(capResult('😀😀', 7)).toBe('😀\n[… result cut: the last 4 B of 8 B were dropped …]');
  });

  it('says when a tool returned nothing', () => {
    expect(resultText({content: []})).toEqual({content: '(no output)', isError: false});
  });
});
