// Agent events arrive one token at a time; drawing each would cost a React render and an Ink
// layout per token. The batcher hands them over in frames: at most one delivery per interval,
// consecutive text merged, and never later than one interval after an event arrived.
import type {AgentEvent} from '../agent/events.js';

/**
 * The shortest time between two deliveries: 100 ms, 10 frames a second. Each frame costs a React
 * render and an Ink layout and write of the whole live part, however little changed, and text
 * arriving ten times a second still reads as a stream.
 */
export const frameIntervalMs = 100;

export class EventBatcher {
  private queue: AgentEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastDelivery = 0;
  private readonly deliver: (events: AgentEvent[]) => void;
  private readonly intervalMs: number;

  constructor(deliver: (events: AgentEvent[]) => void, intervalMs = frameIntervalMs) {
    this.deliver = deliver;
    this.intervalMs = intervalMs;
  }

  push(event: AgentEvent): void {
    const last = this.queue.at(-1);
    if (event.type === 'text_delta' && last?.type === 'text_delta') {
      this.queue[this.queue.length - 1] = {type: 'text_delta', text: last.text + event.text};
    } else {
      this.queue.push(event);
    }

    if (this.timer === undefined) {
      const wait = Math.max(0, this.lastDelivery + this.intervalMs - performance.now());
      this.timer = setTimeout(this.flush, wait);
    }
  }

  /** Delivers what waits now. */
  flush = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) {
      return;
    }

    const events = this.queue;
    this.queue = [];
    this.lastDelivery = performance.now();
    this.deliver(events);
  };
}
