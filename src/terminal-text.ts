/** Shows one character as visible text: `^[` for C0 controls, `^?` for DEL, `\u{…}` for the rest. */
function shown(character: string): string {
  const code = character.codePointAt(0)!;
  if (code === 0x7f) {
    return '^?';
  }

  return code < 0x20 ? `^${String.fromCharCode(code + 64)}` : `\\u{${code.toString(16)}}`;
}

/**
 * Characters a terminal draws as nothing or uses to reorder what follows: zero-width spaces and
 * joiners, direction marks, bidi embeddings, overrides and isolates, invisible operators, the
 * byte-order mark, and the tag characters that can spell out text no one sees.
 */
const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;

/**
 * Makes text from a model, a file or a tool inert for a terminal: escape sequences (CSI, OSC
 * including clipboard writes and links) and other control characters are shown as visible
 * `^[`-style text instead of being interpreted. Newlines and tabs stay.
 */
export function inertText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g, shown);
}

/**
 * `inertText`, and invisible or reordering characters shown as `\u{200b}` too: for text every
 * character of which must be seen, such as an MCP tool's description. Emoji joined by U+200D come
 * apart, which is why model text and file contents only get `inertText`.
 */
export function visibleText(text: string): string {
  return inertText(text).replace(invisible, shown);
}
