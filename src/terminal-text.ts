/**
 * Makes text from a model, a file or a tool inert for a terminal: escape sequences (CSI, OSC
 * including clipboard writes and links) and other control characters are shown as visible
 * `^[`-style text instead of being interpreted. Newlines and tabs stay.
 */
export function inertText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g, character => {
    const code = character.charCodeAt(0);
    if (code === 0x7f) {
      return '^?';
    }

    return code < 0x20 ? `^${String.fromCharCode(code + 64)}` : `\\u{${code.toString(16)}}`;
  });
}
