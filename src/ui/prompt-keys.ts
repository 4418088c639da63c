// What a key does to the prompt being typed, as a pure function of the editor state. History,
// completion and paste need more state and live in the hook that calls this.
import type {Key} from 'ink';
import {deleteAfter, deleteBefore, insertText, killLineAfter, killLineBefore, killWordBefore, moveLeft, moveLineEnd, moveLineStart, moveRight, type EditorState} from './line-editor.js';

export type KeyOutcome = {editor: EditorState} | {submit: string} | undefined;

const controlKeys: Record<string, (state: EditorState) => EditorState> = {
  a: moveLineStart,
  e: moveLineEnd,
  u: killLineBefore,
  k: killLineAfter,
  w: killWordBefore,
  b: moveLeft,
  f: moveRight,
  d: deleteAfter,
  h: deleteBefore,
};

/** Enter sends, unless the character before the cursor is a backslash: then it becomes a new line. */
function onReturn(state: EditorState, key: Key): KeyOutcome {
  if (key.meta || key.shift) {
    return {editor: insertText(state, '\n')};
  }

  if (state.text[state.cursor - 1] === '\\') {
    return {editor: insertText(deleteBefore(state), '\n')};
  }

  return {submit: state.text};
}

/** Typed or pasted text as the prompt keeps it: CR becomes LF, other control characters are dropped. */
export function cleanTyped(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is dropped.
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Typed text; a CR at the end of a longer chunk (a paste without brackets) sends. */
function onText(state: EditorState, input: string): KeyOutcome {
  const sends = input.length > 1 && input.endsWith('\r');
  const editor = insertText(state, cleanTyped(sends ? input.slice(0, -1) : input));
  return sends ? {submit: editor.text} : {editor};
}

/** The effect of one key on the prompt, or undefined when the key is not an editing key. */
export function editKey(state: EditorState, input: string, key: Key): KeyOutcome {
  if (key.return) {
    return onReturn(state, key);
  }

  if (input === '\n') {
    return {editor: insertText(state, '\n')};
  }

  if (key.backspace || key.delete) {
    return {editor: deleteBefore(state)};
  }

  if (key.leftArrow || key.rightArrow || key.home || key.end) {
    const move = key.leftArrow ? moveLeft : key.rightArrow ? moveRight : key.home ? moveLineStart : moveLineEnd;
    return {editor: move(state)};
  }

  if (key.ctrl) {
    const action = controlKeys[input];
    return action ? {editor: action(state)} : undefined;
  }

  if (key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || input === '') {
    return undefined;
  }

  return onText(state, input);
}
