/** Lines longer than this are dropped instead of kept in memory: 16 MiB. */
export const defaultMaxLineBytes = 16 * 1024 * 1024;

/** How much of the start and end of a dropped line is kept to tell which request it answered. */
const edgeBytes = 256;

export type OversizedLine = {
  bytes: number;
  /** The first and last bytes of the line, as text. */
  head: string;
  tail: string;
};

export type LineHandlers = {
  line(text: string): void;
  oversized(line: OversizedLine): void;
};

/**
 * Splits a byte stream at newlines without copying what it keeps more than once, and without
 * letting one endless line take all memory: past `maxLineBytes` the rest of the line is only
 * counted, and its edges are reported when the newline finally comes.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private head: Buffer | undefined;
  private tail = Buffer.alloc(0);

  constructor(
    private readonly handlers: LineHandlers,
    private readonly maxLineBytes = defaultMaxLineBytes,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) {
        this.append(chunk.subarray(start));
        return;
      }

      this.append(chunk.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
  }

  private append(part: Buffer): void {
    if (part.length === 0) {
      return;
    }

    this.size += part.length;
    if (this.head !== undefined) {
      this.keepTail(part);
      return;
    }

    this.parts.push(part);
    if (this.size > this.maxLineBytes) {
      const whole = Buffer.concat(this.parts);
      this.head = Buffer.from(whole.subarray(0, edgeBytes));
      this.parts = [];
      this.keepTail(whole);
    }
  }

  private keepTail(part: Buffer): void {
    const joined = part.length >= edgeBytes ? part : Buffer.concat([this.tail, part]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - edgeBytes)));
  }

  private finishLine(): void {
    if (this.head !== undefined) {
      this.handlers.oversized({bytes: this.size, head: this.head.toString('utf8'), tail: this.tail.toString('utf8')});
    } else if (this.size > 0) {
      const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
      this.handlers.line(bytes.toString('utf8'));
    }

    this.parts = [];
    this.size = 0;
    this.head = undefined;
    this.tail = Buffer.alloc(0);
  }
}
