import {describe, expect, it} from 'vitest';
import {inertText, visibleText} from '../src/terminal-text.js';

describe('terminal text', () => {
  it('shows escape sequences and control characters, keeping newlines and tabs', () => {
    expect(inertText('a\u001b]52;c;aGk=\u0007b\n\tc\u007f\u009b')).toBe('a^[]52;c;aGk=^Gb\n\tc^?\\u{9b}');
  });

  it('also shows zero-width, bidi, BOM and tag characters where every character must be seen', () => {
    const hidden = '\u200b\u200f\u202a\u202e\u2060\u2064\u2066\u2069\ufeff\u{e0041}';
    expect(inertText(hidden)).toBe(hidden);
    expect(visibleText(`x${hidden}\u001b[2Jy`)).toBe('x\\u{200b}\\u{200f}\\u{202a}\\u{202e}\\u{2060}\\u{2064}\\u{2066}\\u{2069}\\u{feff}\\u{e0041}^[[2Jy');
    expect(visibleText(visibleText('\u202e'))).toBe('\\u{202e}');
  });
});
