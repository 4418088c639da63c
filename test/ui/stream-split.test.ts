import {describe, expect, it} from 'vitest';
import {takeFinished, type Fence} from '../../src/ui/stream-split.js';

/** Feeds text in chunks of `size` and collects the pieces, as a stream would. */
function feed(text: string, size: number, maxLines?: number) {
  let pending = '';
  let fence: Fence | undefined;
  const pieces: Array<{text: string; fence?: string}> = [];
  for (let index = 0; index < text.length; index += size) {
    const split = takeFinished(pending + text.slice(index, index + size), fence, maxLines);
    pieces.push(...split.pieces);
    pending = split.pending;
    fence = split.fence;
  }

  return {pieces, pending, fence};
}

describe('takeFinished', () => {
  it('keeps an unfinished paragraph live', () => {
    expect(takeFinished('Hello wor', undefined)).toEqual({pieces: [], pending: 'Hello wor', fence: undefined});
  });

  it('commits a paragraph once the next block starts after a blank line', () => {
    const split = takeFinished('First paragraph.\n\nSecond', undefined, 12);
    expect(split.pieces).toEqual([{text: 'First paragraph.\n\n'}]);
    expect(split.pending).toBe('Second');
  });

  it('commits complete lines once more than the live limit wait', () => {
    const {pieces, pending} = feed('1. item\n\n   more of the item\npartial', 4, 1);
    expect(pieces.map(piece => piece.text)).toEqual(['1. item\n', '\n', '   more of the item\n']);
    expect(pending).toBe('partial');
  });

  it('keeps a table live until it ends, so its rows render together', () => {
    const {pieces, pending} = feed('Intro:\n| a | b |\n|---|---|\n| 1 | 2 |\nAfter\n', 5, 1);
    expect(pieces.map(piece => piece.text)).toEqual(['Intro:\n', '| a | b |\n|---|---|\n| 1 | 2 |\nAfter\n']);
    expect(pending).toBe('');
  });

  it('commits a closed code block when the next block starts', () => {
    const split = takeFinished('```ts\nconst a = 1;\n```\nAfter', undefined, 12);
    expect(split.pieces).toEqual([{text: '```ts\nconst a = 1;\n```\n'}]);
    expect(split.pending).toBe('After');
    expect(split.fence).toBeUndefined();
  });

  it('cuts a long code block at line ends and carries its fence into the next piece', () => {
    const code = Array.from({length: 30}, (_, index) => `line ${index}`).join('\n');
    const {pieces, pending, fence} = feed(`\`\`\`python\n${code}\n\`\`\`\n`, 7, 12);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(pieces[0]!.fence).toBeUndefined();
    expect(pieces[1]!.fence).toBe('```python');
    expect(pieces.map(piece => piece.text).join('') + pending).toBe(`\`\`\`python\n${code}\n\`\`\`\n`);
    expect(fence?.opener).toBe('```python');
  });

  it('ignores block starts inside a code block', () => {
    const split = takeFinished('~~~\na\n\nb\n', undefined, 12);
    expect(split.pieces).toEqual([]);
    expect(split.pending).toBe('~~~\na\n\nb\n');
  });

  it('loses no text however the stream is chunked', () => {
    const text = '# Title\n\nIntro text\nwith two lines.\n\n- a\n- b\n\n```js\nx()\n```\n\nEnd.';
    for (const size of [1, 3, 8, 50]) {
      const {pieces, pending} = feed(text, size);
      expect(pieces.map(piece => piece.text).join('') + pending).toBe(text);
    }
  });
});
