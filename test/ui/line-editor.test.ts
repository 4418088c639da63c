import {describe, expect, it} from 'vitest';
import {cursorPosition, deleteBefore, editorWith, insertText, killLineAfter, killLineBefore, killWordBefore, moveDown, moveLeft, moveLineEnd, moveLineStart, moveUp, type EditorState} from '../../src/ui/line-editor.js';

const at = (text: string, cursor: number): EditorState => ({text, cursor});

describe('line editor', () => {
  it('inserts at the cursor', () => {
    expect(insertText(at('ac', 1), 'b')).toEqual(at('abc', 2));
  });

  it('moves and deletes a surrogate pair as one character', () => {
    const state = editorWith('a😀');
    expect(moveLeft(state)).toEqual(at('a😀', 1));
    expect(deleteBefore(state)).toEqual(at('a', 1));
  });

  it('moves to the start and end of the current line', () => {
    const state = at('one\ntwo three', 6);
    expect(moveLineStart(state).cursor).toBe(4);
    expect(moveLineEnd(state).cursor).toBe(13);
  });

  it('kills to the line start, to the line end and the word before the cursor', () => {
    expect(killLineBefore(at('one\ntwo three', 8))).toEqual(at('one\nthree', 4));
    expect(killLineAfter(at('one two\nx', 3))).toEqual(at('one\nx', 3));
    expect(killWordBefore(at('git commit  ', 12))).toEqual(at('git ', 4));
  });

  it('moves between lines at the same column and reports the edges', () => {
    const state = at('short\nlonger line', 10);
    expect(moveUp(state)).toEqual(at('short\nlonger line', 4));
    expect(moveUp(at('short\nlonger line', 2))).toBeUndefined();
    expect(moveDown(at('short\nlonger line', 3))).toEqual(at('short\nlonger line', 9));
    expect(moveDown(state)).toBeUndefined();
  });

  it('gives the cursor row and column for drawing', () => {
    expect(cursorPosition(at('ab\ncd', 4))).toEqual({lines: ['ab', 'cd'], row: 1, column: 1});
  });
});
