// Text from the model, tool output and file contents reaches the terminal only through
// `inert`: escape sequences could otherwise move the cursor, retitle the window, rewrite the
// clipboard (OSC 52) or hide text. Whole sequences are removed; single control characters are
// shown in caret notation so that nothing disappears silently.

/** CSI, OSC, DCS/SOS/PM/APC strings and two-character ESC sequences, in 7-bit and 8-bit form. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched.
const sequences = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]/g;

// eslint-disable-next-line no-control-regex -- as above.
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function caret(character: string): string {
  const code = character.codePointAt(0)!;
  if (code === 0x7f) {
    return '^?';
  }

  return code < 0x20 ? `^${String.fromCodePoint(code + 64)}` : `<${code.toString(16)}>`;
}

function expandTabs(line: string): string {
  let column = 0;
  let result = '';
  for (const character of line) {
    if (character === '\t') {
      const spaces = 4 - (column % 4);
      result += ' '.repeat(spaces);
      column += spaces;
    } else {
      result += character;
      column++;
    }
  }

  return result;
}

/** Makes text safe to print: no escape sequence survives, tabs become spaces, CR-LF becomes LF. */
export function inert(text: string): string {
  let result = text.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  result = result.replace(sequences, '').replace(controls, caret);
  if (result.includes('\t')) {
    result = result.split('\n').map(expandTabs).join('\n');
  }

  return result;
}

/** `inert` on one line: newlines and runs of spaces become one space. */
export function inertLine(text: string): string {
  return inert(text).replace(/\s+/g, ' ').trim();
}
