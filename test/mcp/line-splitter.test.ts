import {describe, expect, it} from 'vitest';
import {LineSplitter, type OversizedLine} from '../../src/mcp/line-splitter.js';

function collect(maxBytes: number) {
  const lines: string[] = [];
  const oversized: OversizedLine[] = [];
  const splitter = new LineSplitter({line: text => lines.push(text), oversized: line => oversized.push(line)}, maxBytes);
  return {splitter, lines, oversized};
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries', () => {
    const {splitter, lines} = collect(1000);
    splitter.push(Buffer.from('{"a":1}\n{"b"'));
    splitter.push(Buffer.from(':2}\n\n{"c":3}'));
    splitter.push(Buffer.from('\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('keeps multi-byte characters split between chunks whole', () => {
    const {splitter, lines} = collect(1000);
    const bytes = Buffer.from('"héllo wörld"\n');
    splitter.push(bytes.subarray(0, 3));
    splitter.push(bytes.subarray(3));
    expect(lines).toEqual(['"héllo wörld"']);
  });

  it('drops a line over the limit, reports its size and edges, and goes on with the next', () => {
    const {splitter, lines, oversized} = collect(100);
    splitter.push(Buffer.from('{"result":"'));
    for (let index = 0; index < 10; index++) {
      splitter.push(Buffer.from('x'.repeat(50)));
    }

    splitter.push(Buffer.from('","id":7}\n{"ok":true}\n'));
    expect(lines).toEqual(['{"ok":true}']);
    expect(oversized).toHaveLength(1);
    expect(oversized[0]!.bytes).toBe(11 + 500 + 9);
    expect(oversized[0]!.head.startsWith('{"result":"xxx')).toBe(true);
    expect(oversized[0]!.tail.endsWith('","id":7}')).toBe(true);
  });
});
