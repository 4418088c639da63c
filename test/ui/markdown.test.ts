import {beforeAll, describe, expect, it} from 'vitest';
import {loadMarkdown, parseMarkdown} from '../../src/ui/markdown.js';

beforeAll(async () => {
  await loadMarkdown();
});

describe('parseMarkdown', () => {
  it('turns headings, paragraphs with inline styles and lists into blocks', () => {
    const blocks = parseMarkdown('## Title\n\nA **b** *i* `c` [site](https://x.test)\n\n3. three\n4. four\n')!;
    expect(blocks.map(block => block.type)).toEqual(['heading', 'paragraph', 'list']);
    expect(blocks[1]).toEqual({type: 'paragraph', spans: [
      {text: 'A '}, {text: 'b', bold: true}, {text: ' '}, {text: 'i', italic: true}, {text: ' '}, {text: 'c', code: true}, {text: ' '}, {text: 'site'}, {text: ' (https://x.test)', link: 'https://x.test'},
    ]});
    expect(blocks[2]).toMatchObject({type: 'list', ordered: true, start: 3});
  });

  it('keeps the language of a fenced code block and its lines', () => {
    expect(parseMarkdown('```ts\nconst a = 1;\nconst b = 2;\n```')).toEqual([{type: 'code', lang: 'ts', lines: ['const a = 1;', 'const b = 2;'], continued: false}]);
  });

  it('continues a code block a piece starts inside', () => {
    expect(parseMarkdown('more();\n```\n', '```js')).toEqual([{type: 'code', lang: 'js', lines: ['more();'], continued: true}]);
  });

  it('makes escape sequences in the text inert before parsing', () => {
    const blocks = parseMarkdown('hi \u001B[2Jthere')!;
    expect(blocks).toEqual([{type: 'paragraph', spans: [{text: 'hi there'}]}]);
  });
});
