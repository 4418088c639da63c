/** Text cut to at most about `max` characters by removing its middle, with a note of how much went. */
export function trimMiddle(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }

  const keep = Math.max(0, max - 60);
  const head = Math.ceil(keep * 0.6);
  const tail = keep - head;
  const cut = text.length - head - tail;

  return `${text.slice(0, head)}\n[… ${cut} characters cut here to save context …]\n${tail > 0 ? text.slice(-tail) : ''}`;
}

/** The first line of a text, whitespace folded, at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Lines in a text: what a reader of a removed tool output most wants to know about its size. */
export function lineCount(text: string): number {
  let count = text === '' ? 0 : 1;
  let index = text.indexOf('\n');
  while (index !== -1) {
    count++;
    index = text.indexOf('\n', index + 1);
  }

  return count;
}
