/** The prompt being typed: its text and the cursor as an index into it (UTF-16 units). */
export type EditorState = {
  text: string;
  cursor: number;
};

export const emptyEditor: EditorState = {text: '', cursor: 0};

export function editorWith(text: string): EditorState {
  return {text, cursor: text.length};
}

function lineStartOf(text: string, cursor: number): number {
  return text.lastIndexOf('\n', cursor - 1) + 1;
}

function lineEndOf(text: string, cursor: number): number {
  const end = text.indexOf('\n', cursor);
  return end === -1 ? text.length : end;
}

/** Width of the character before `index` in UTF-16 units, so surrogate pairs move as one. */
function unitsBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return index >= 2 && code >= 0xdc00 && code <= 0xdfff ? 2 : 1;
}

function unitsAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff ? 2 : 1;
}

export function insertText(state: EditorState, input: string): EditorState {
  const text = state.text.slice(0, state.cursor) + input + state.text.slice(state.cursor);
  return {text, cursor: state.cursor + input.length};
}

export function deleteBefore(state: EditorState): EditorState {
  if (state.cursor === 0) {
    return state;
  }

  const start = state.cursor - unitsBefore(state.text, state.cursor);
  return {text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start};
}

export function deleteAfter(state: EditorState): EditorState {
  if (state.cursor >= state.text.length) {
    return state;
  }

  const end = state.cursor + unitsAt(state.text, state.cursor);
  return {text: state.text.slice(0, state.cursor) + state.text.slice(end), cursor: state.cursor};
}

export function moveLeft(state: EditorState): EditorState {
  return state.cursor === 0 ? state : {...state, cursor: state.cursor - unitsBefore(state.text, state.cursor)};
}

export function moveRight(state: EditorState): EditorState {
  return state.cursor >= state.text.length ? state : {...state, cursor: state.cursor + unitsAt(state.text, state.cursor)};
}

/** Ctrl+A, Home: to the start of the current line. */
export function moveLineStart(state: EditorState): EditorState {
  return {...state, cursor: lineStartOf(state.text, state.cursor)};
}

/** Ctrl+E, End: to the end of the current line. */
export function moveLineEnd(state: EditorState): EditorState {
  return {...state, cursor: lineEndOf(state.text, state.cursor)};
}

/** Ctrl+U: deletes from the start of the current line to the cursor. */
export function killLineBefore(state: EditorState): EditorState {
  const start = lineStartOf(state.text, state.cursor);
  return {text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start};
}

/** Ctrl+K: deletes from the cursor to the end of the current line. */
export function killLineAfter(state: EditorState): EditorState {
  const end = lineEndOf(state.text, state.cursor);
  return {text: state.text.slice(0, state.cursor) + state.text.slice(end), cursor: state.cursor};
}

/** Ctrl+W: deletes the word before the cursor and the blanks after it, as a shell does. */
export function killWordBefore(state: EditorState): EditorState {
  let start = state.cursor;
  while (start > 0 && /\s/.test(state.text[start - 1]!)) {
    start--;
  }

  while (start > 0 && !/\s/.test(state.text[start - 1]!)) {
    start--;
  }

  return {text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start};
}

/** The cursor one line up at the same column, or undefined on the first line (Up then means history). */
export function moveUp(state: EditorState): EditorState | undefined {
  const start = lineStartOf(state.text, state.cursor);
  if (start === 0) {
    return undefined;
  }

  const column = state.cursor - start;
  const previousStart = lineStartOf(state.text, start - 1);
  return {...state, cursor: Math.min(previousStart + column, start - 1)};
}

/** The cursor one line down at the same column, or undefined on the last line. */
export function moveDown(state: EditorState): EditorState | undefined {
  const end = lineEndOf(state.text, state.cursor);
  if (end === state.text.length) {
    return undefined;
  }

  const column = state.cursor - lineStartOf(state.text, state.cursor);
  const nextStart = end + 1;
  return {...state, cursor: Math.min(nextStart + column, lineEndOf(state.text, nextStart))};
}

/** The text split into lines, with the cursor's line and column, for drawing. */
export function cursorPosition(state: EditorState): {lines: string[]; row: number; column: number} {
  const before = state.text.slice(0, state.cursor).split('\n');
  return {lines: state.text.split('\n'), row: before.length - 1, column: before.at(-1)!.length};
}
