// A streamed answer is cut into pieces as it grows: each finished piece goes into <Static> and is
// never drawn again, so the live part of the screen stays a few lines tall however long the answer
// gets (Ink redraws every cell of the live part on each frame). Pieces end where blocks end, or
// after a few complete lines, which render as they would in the whole text because line breaks are
// kept; a piece that starts inside a fenced code block carries the fence's opening line, and a
// table is kept whole.

/** An open fenced code block: its opening line (e.g. "```ts"), marker character and length. */
export type Fence = {opener: string; marker: string; length: number};

/** A finished part of an answer; `fence` is the opening line of the code block it starts inside. */
export type MarkdownPiece = {text: string; fence?: string};

export type SplitResult = {pieces: MarkdownPiece[]; pending: string; fence: Fence | undefined};

/** Complete lines kept live before they are committed mid-block; tables wait for their end. */
export const maxLiveLines = 4;

/** Lines of a table kept live at most, so that its rows render together. */
export const maxTableLines = 40;

const fenceOpening = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const tableRow = /^ {0,3}\|/;
const fenceClosing = /^ {0,3}(`{3,}|~{3,})\s*$/;

function openedFence(line: string): Fence | undefined {
  const match = fenceOpening.exec(line);
  if (!match) {
    return undefined;
  }

  const marks = match[1]!;
  if (marks[0] === '`' && match[2]!.includes('`')) {
    return undefined;
  }

  return {opener: line.trim(), marker: marks[0]!, length: marks.length};
}

function closesFence(line: string, fence: Fence): boolean {
  const match = fenceClosing.exec(line);
  return match !== null && match[1]![0] === fence.marker && match[1]!.length >= fence.length;
}

/** True where a new block may start: a line at column 0 after a blank line, outside code. */
function startsBlock(line: string, previousBlank: boolean, fence: Fence | undefined): boolean {
  return fence === undefined && previousBlank && line.length > 0 && !/^\s/.test(line);
}

/**
 * Takes the finished blocks off the front of `pending`. `fence` is the code block open at its start.
 * A piece ends before a block that follows a blank line or a closing fence, or, when more than
 * `maxLines` complete lines wait, after the last complete line.
 */
export function takeFinished(pending: string, fence: Fence | undefined, maxLines = maxLiveLines): SplitResult {
  let state = fence;
  let commitAt = 0;
  let commitFence = fence;
  let lineStart = 0;
  let lines = 0;
  let previousBlank = false;
  for (;;) {
    const newline = pending.indexOf('\n', lineStart);
    const line = pending.slice(lineStart, newline === -1 ? undefined : newline);
    if (lineStart > commitAt && startsBlock(line, previousBlank, state)) {
      commitAt = lineStart;
      commitFence = state;
      lines = 0;
    }

    if (newline === -1) {
      break;
    }

    lineStart = newline + 1;
    lines++;
    if (state && closesFence(line, state)) {
      // The next block may start right after the closing fence, blank line or not.
      state = undefined;
      previousBlank = true;
      continue;
    }

    state ??= openedFence(line);
    previousBlank = state === undefined && line.trim() === '';
    const inTable = state === undefined && tableRow.test(line) && lines < maxTableLines;
    if (lines >= maxLines && !inTable) {
      commitAt = lineStart;
      commitFence = state;
      lines = 0;
    }
  }

  if (commitAt === 0) {
    return {pieces: [], pending, fence};
  }

  const piece: MarkdownPiece = {text: pending.slice(0, commitAt), ...(fence && {fence: fence.opener})};
  return {pieces: [piece], pending: pending.slice(commitAt), fence: commitFence};
}
