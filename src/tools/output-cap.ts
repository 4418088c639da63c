/** Keeps the head and tail of a long output and counts what was cut in between. */
export class OutputCap {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(private readonly headLimit = 16_000, private readonly tailLimit = 16_000) {}

  push(text: string): void {
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }

    if (text === '') {
      return;
    }

    this.tail += text;
    if (this.tail.length > this.tailLimit * 2) {
      this.dropped += this.tail.length - this.tailLimit;
      this.tail = this.tail.slice(-this.tailLimit);
    }
  }

  toString(): string {
    let tail = this.tail;
    let dropped = this.dropped;
    if (tail.length > this.tailLimit) {
      dropped += tail.length - this.tailLimit;
      tail = tail.slice(-this.tailLimit);
    }

    const note = dropped > 0 ? `\n[… ${dropped} characters cut from the middle of the output …]\n` : '';
    return this.head + note + tail;
  }
}
