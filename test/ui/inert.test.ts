import {describe, expect, it} from 'vitest';
import {inert, inertLine} from '../../src/ui/inert.js';

describe('inert', () => {
  it('removes colour and cursor sequences', () => {
    expect(inert('\u001B[31mred\u001B[0m \u001B[2J\u001B[Hhome')).toBe('red home');
  });

  it('removes OSC sequences such as window titles and clipboard writes', () => {
    expect(inert('a\u001B]0;title\u0007b\u001B]52;c;ZXZpbA==\u001B\\c')).toBe('abc');
  });

  it('removes 8-bit CSI sequences', () => {
    expect(inert('x\u009B2Jy')).toBe('xy');
  });

  it('shows other control characters in caret notation', () => {
    expect(inert('bell\u0007 nul\u0000 del\u007F lone\u001B')).toBe('bell^G nul^@ del^? lone^[');
  });

  it('turns CR-LF and lone CR into LF and expands tabs', () => {
    expect(inert('a\r\nb\rc\n\tx\ty')).toBe('a\nb\nc\n    x   y');
  });

  it('keeps an unterminated OSC from hiding the following lines', () => {
    expect(inert('\u001B]0;never ends\nnext line')).toBe('\nnext line');
  });

  it('puts text on one line for rows and arguments', () => {
    expect(inertLine('  npm\n test\t\u001B[1m -x ')).toBe('npm test -x');
  });
});
