import pRetry from 'p-retry';
import {errorMessage} from '../errors.js';
import {log} from '../log.js';
import {redactSecrets} from '../redact.js';
import {recordOf, serializeRecord, type BodyRecord, type HeaderRecord} from './records.js';
import {titleOf, type Tally} from './summary.js';
import {TranscriptWriter, type TranscriptWriterOptions} from './writer.js';

/** Whether the session reaches the disk; the TUI shows `failing` in its status line. */
export type RecorderState =
  | {status: 'saved' | 'pending'}
  | {status: 'failing'; error: string; file: string; unsaved: number}
  | {status: 'closed'};

export type RecorderOptions = Omit<TranscriptWriterOptions, 'allRecords'> & {
  /** Records already in the transcript (a resumed session). */
  records?: readonly BodyRecord[];
  /**
   * Called with a one-line warning for the user: once at the first write error, and once at
   * close when records could not be saved.
   */
  onWarning?: (message: string) => void;
};

/** Longest a record waits in memory before the writer takes it, in milliseconds. */
export const flushDelayMs = 250;

type Waiter = {target: number; sync: boolean; resolve: (saved: boolean) => void};

/**
 * Keeps one session: recording is an in-memory append that returns at once; a writer batches
 * what was recorded into one append at most 250 ms later, at the end of every turn (with a data
 * sync), and on close. Write errors leave the records in memory and the writer retrying with backoff.
 */
export class SessionRecorder {
  readonly id: string;
  private readonly writer: TranscriptWriter;
  private readonly options: RecorderOptions;
  /** Every record of the session: those read back on resume, then those recorded here. */
  private readonly records: BodyRecord[];
  /** How many of `records` the writer has been given; the rest are waiting. */
  private handedOver: number;
  private written: number;
  private synced: number;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> | undefined;
  private closing = false;
  private retryStop = new AbortController();
  private counts: Tally;
  private current: RecorderState = {status: 'saved'};
  private warned = false;
  /** The last write error, for the warning at close. */
  private lastError: string | undefined;
  private readonly listeners = new Set<(state: RecorderState) => void>();
  private readonly onExit = () => this.exitSync();

  constructor(options: RecorderOptions, counts: Tally) {
    this.options = options;
    this.id = options.header.id;
    this.records = [...(options.records ?? [])];
    this.handedOver = this.records.length;
    this.written = this.records.length;
    this.synced = this.records.length;
    this.counts = {...counts};
    this.writer = new TranscriptWriter({...options, allRecords: () => this.records.slice(0, this.handedOver)});
    process.on('exit', this.onExit);
  }

  /** The transcript file. */
  get file(): string {
    return this.writer.file;
  }

  get header(): HeaderRecord {
    return this.options.header;
  }

  /** The model and provider the session goes on with: the header's, or those of the last model record. */
  get model(): {model: string; provider: string} {
    return this.counts.model ?? this.options.header;
  }

  get state(): RecorderState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: (state: RecorderState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records what an agent event adds to the session (any other event is ignored); returns at once. */
  handle(event: {type: string; [field: string]: unknown}): void {
    const record = recordOf(event);
    if (record) {
      this.record(record);
    }

    if (record?.type === 'turn_end') {
      void this.flush({sync: true});
    }
  }

  /** Appends one record in memory; the writer takes it within 250 ms. */
  record(record: BodyRecord): void {
    if (this.current.status === 'closed') {
      return;
    }

    this.records.push(record);
    if (record.type === 'message') {
      this.counts.messages++;
      if (this.counts.title === '' && record.message.role === 'user') {
        // Masked before it is cut: a token cut at 80 characters would no longer look like one.
        this.counts.title = titleOf(redactSecrets(record.message.content));
      }
    }

    if (record.type === 'model') {
      this.counts.model = {model: record.model, provider: record.provider};
    }

    if (this.current.status === 'saved') {
      this.setState({status: 'pending'});
    }

    this.schedule();
  }

  /**
   * Writes everything recorded so far now; with `sync`, also forces it to disk. Resolves true
   * once written, false when the disk refused (the writer keeps retrying in the background).
   * Never rejects; callers may ignore it.
   */
  flush(options: {sync?: boolean} = {}): Promise<boolean> {
    const sync = options.sync ?? false;
    const target = this.records.length;
    if ((sync ? this.synced : this.written) >= target && !this.writer.hasUnwritten) {
      return Promise.resolve(true);
    }

    if (this.current.status === 'failing' || this.current.status === 'closed') {
      this.kick();
      return Promise.resolve(false);
    }

    const saved = new Promise<boolean>(resolve => this.waiters.push({target, sync, resolve}));
    this.kick();

    return saved;
  }

  /**
   * Writes what is left with a data sync, waits at most `timeoutMs` (default 2000) for it, and
   * gives the lock up. Resolves true when everything reached the disk.
   */
  async close(options: {timeoutMs?: number} = {}): Promise<boolean> {
    if (this.current.status === 'closed') {
      return true;
    }

    const timeoutMs = options.timeoutMs ?? 2000;
    this.closing = true;
    clearTimeout(this.timer);
    this.retryStop.abort();
    const deadline = AbortSignal.timeout(timeoutMs);
    const expired = new Promise<void>(resolve => deadline.addEventListener('abort', () => resolve(), {once: true}));
    await Promise.race([this.finalWrite(), expired]);
    const saved = this.synced >= this.records.length && !this.writer.hasUnwritten;
    if (!saved) {
      this.warnUnsaved(deadline.aborted ? `timed out after ${timeoutMs} ms` : (this.lastError ?? 'unknown error'));
    }

    for (const waiter of this.waiters.splice(0)) {
      waiter.resolve(false);
    }

    process.off('exit', this.onExit);
    this.setState({status: 'closed'});
    await this.writer.close();

    return saved;
  }

  private async finalWrite(): Promise<void> {
    await this.cycle?.catch(() => undefined);
    if (this.synced < this.records.length || this.writer.hasUnwritten) {
      await this.attempt(true).catch((error: unknown) => {
        this.lastError = errorMessage(error);
      });
    }
  }

  /** The user hears what is lost once, at close, even after the warning of the first write error. */
  private warnUnsaved(reason: string): void {
    const unwritten = this.records.length - this.written;
    log.warn('session not saved whole', {id: this.id, unwritten, reason});
    const what = unwritten > 0 ? `the last ${unwritten} record${unwritten === 1 ? '' : 's'} could not be written to ${this.writer.file}` : `the last records were written to ${this.writer.file} but could not be forced to disk`;
    this.options.onWarning?.(`session ${this.id} is not saved whole: ${what} before alex exited (${reason}).`);
  }

  private setState(state: RecorderState): void {
    if (state.status === this.current.status && state.status !== 'failing') {
      return;
    }

    this.current = state;
    for (const listener of this.listeners) {
      listener(state);
    }
  }

  /** Starts the 250 ms timer when records wait and nothing is on its way to write them. */
  private schedule(): void {
    if (this.timer === undefined && this.cycle === undefined && !this.closing && this.handedOver < this.records.length) {
      this.timer = setTimeout(() => this.kick(), flushDelayMs);
      this.timer.unref();
    }
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closing || this.cycle) {
      return;
    }

    this.cycle = this.drain().finally(() => {
      this.cycle = undefined;
      // Records that came in as the last write finished wait for the next timer.
      this.schedule();
    });
  }

  private async drain(): Promise<void> {
    do {
      if (this.retryStop.signal.aborted) {
        return;
      }

      try {
        await pRetry(() => this.attempt(this.waiters.some(waiter => waiter.sync)), {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: 200,
          maxTimeout: 10_000,
          randomize: true,
          unref: true,
          signal: this.retryStop.signal,
          onFailedAttempt: ({error}) => {
            if (!this.retryStop.signal.aborted) {
              this.fail(error);
            }
          },
        });
      } catch {
        return;
      }
    } while (this.handedOver < this.records.length || this.waiters.length > 0);
  }

  /** One write of everything not handed over yet; resolves the waiters it satisfies. */
  private async attempt(sync: boolean): Promise<void> {
    const from = this.handedOver;
    const target = this.records.length;
    if (from === target && !this.writer.hasUnwritten && (!sync || this.synced >= target)) {
      this.settleWaiters();
      return;
    }

    const text = this.records.slice(from, target).map(record => serializeRecord(record)).join('');
    this.handedOver = target;
    try {
      await this.writer.append(text, sync);
    } catch (error) {
      for (const waiter of this.waiters.splice(0)) {
        waiter.resolve(false);
      }

      throw error;
    }

    this.written = target;
    if (sync) {
      this.synced = target;
    }

    this.settleWaiters();
    if (this.current.status !== 'closed') {
      this.setState({status: this.handedOver < this.records.length ? 'pending' : 'saved'});
    }

    await this.writer.updateSummary(this.counts);
  }

  /** Resolves the flushes that what is written (and synced) now satisfies. */
  private settleWaiters(): void {
    this.waiters = this.waiters.filter(waiter => {
      const done = (waiter.sync ? this.synced : this.written) >= waiter.target;
      if (done) {
        waiter.resolve(true);
      }

      return !done;
    });
  }

  private fail(error: Error): void {
    const message = errorMessage(error);
    this.lastError = message;
    log.warn('session write failed', {id: this.id, error: message});
    this.setState({status: 'failing', error: message, file: this.writer.file, unsaved: this.records.length - this.written});
    if (!this.warned) {
      this.warned = true;
      this.options.onWarning?.(`cannot save session ${this.id} (${this.writer.file}): ${message}. The run goes on; alex keeps the session in memory and retries.`);
    }
  }

  /** On process exit, nothing async runs any more: append what is left if no write is in flight, and give the lock up. */
  private exitSync(): void {
    try {
      if (this.cycle === undefined && this.current.status !== 'failing') {
        const text = this.records.slice(this.handedOver).map(record => serializeRecord(record)).join('');
        if (text !== '' || this.writer.hasUnwritten) {
          this.writer.appendSync(text);
        }
      }
    } catch {
      // Exiting: what could not be written is lost, as a kill would lose it.
    }

    this.writer.releaseLock();
  }
}
