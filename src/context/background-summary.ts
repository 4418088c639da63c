import {LRUCache} from 'lru-cache';
import {errorMessage, isAbortError} from '../errors.js';
import {log} from '../log.js';
import type {Message} from '../llm/types.js';

/** What one summary covers and is made from. */
export type SummaryJob = {
  /** How many messages from the conversation's start the summary stands in for. */
  covered: number;
  /** rangeHash of those messages: the cache key, with the focus. */
  hash: string;
  focus?: string;
  /** The messages the model reads: an earlier summary and what followed it. */
  input: Message[];
};

export type SummaryResult = {covered: number; hash: string; focus?: string; text: string; cached: boolean; durationMs: number};

export type SummaryFailure = {message: string; retryInMs: number};

export type BackgroundSummaryOptions = {
  /** Makes the summary; rejects on failure, honours the signal. */
  summarize: (job: SummaryJob, signal: AbortSignal) => Promise<string>;
  /** Called whenever `state`, `ready` or `failure` change. */
  onChange: () => void;
  /** Longest a summary may take, in ms. Default 45 000. */
  timeoutMs?: number;
  /** Wait between the request for a summary and its start, in ms. Default 1000. */
  debounceMs?: number;
  /** Wait before the first retry after a failure, doubled each time up to 5 minutes, in ms. Default 10 000. */
  retryBaseMs?: number;
};

const maxRetryMs = 5 * 60_000;

function cacheKey(hash: string, focus: string | undefined): string {
  return `${hash}\n${focus ?? ''}`;
}

/**
 * Runs model summaries in the background, one at a time: debounced starts, a timeout, a cache
 * keyed by the covered range, and retries with backoff after a failure — never switched off.
 * Nothing here is awaited on the way to a model request; a finished summary waits in `ready`.
 */
export class BackgroundSummary {
  state: 'idle' | 'waiting' | 'running' = 'idle';
  /** A finished summary not yet taken. */
  ready: SummaryResult | undefined;
  /** The last failure, until taken for reporting. */
  failure: SummaryFailure | undefined;
  private readonly options: BackgroundSummaryOptions;
  private readonly cache = new LRUCache<string, string>({max: 64});
  private timer: NodeJS.Timeout | undefined;
  private running: {key: string; controller: AbortController; done: Promise<SummaryResult | undefined>} | undefined;
  private failures = 0;
  private retryAt = 0;

  constructor(options: BackgroundSummaryOptions) {
    this.options = options;
  }

  /** Asks for a summary soon, unless one is waiting, running, ready or backing off; `job` is built at the start. */
  schedule(job: () => SummaryJob | undefined): void {
    if (this.state !== 'idle' || this.ready || Date.now() < this.retryAt) {
      return;
    }

    this.state = 'waiting';
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.state = 'idle';
      const next = job();
      if (next) {
        void this.start(next);
      } else {
        this.options.onChange();
      }
    }, this.options.debounceMs ?? 1000);
    this.timer.unref();
    this.options.onChange();
  }

  /** Starts a summary now, replacing a waiting or running one for another range or focus. */
  now(job: SummaryJob): Promise<SummaryResult | undefined> {
    const key = cacheKey(job.hash, job.focus);
    if (this.running?.key === key) {
      return this.running.done;
    }

    this.cancel();
    return this.start(job);
  }

  /** Puts a summary in the cache, e.g. one restored from a session. */
  remember(hash: string, focus: string | undefined, text: string): void {
    this.cache.set(cacheKey(hash, focus), text);
  }

  /** Stops a waiting or running summary quietly. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running?.controller.abort(new DOMException('summary replaced', 'AbortError'));
    this.running = undefined;
    this.state = 'idle';
  }

  takeReady(): SummaryResult | undefined {
    const ready = this.ready;
    this.ready = undefined;
    return ready;
  }

  takeFailure(): SummaryFailure | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }

  private start(job: SummaryJob): Promise<SummaryResult | undefined> {
    const key = cacheKey(job.hash, job.focus);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      log.info('context summary cache hit', {covered: job.covered});
      this.ready = {covered: job.covered, hash: job.hash, focus: job.focus, text: cached, cached: true, durationMs: 0};
      this.options.onChange();
      return Promise.resolve(this.ready);
    }

    const controller = new AbortController();
    const done = this.run(job, key, controller);
    this.running = {key, controller, done};
    this.state = 'running';
    this.options.onChange();

    return done;
  }

  private async run(job: SummaryJob, key: string, controller: AbortController): Promise<SummaryResult | undefined> {
    const timeoutMs = this.options.timeoutMs ?? 45_000;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
    const started = performance.now();
    log.info('context summary start', {covered: job.covered, focus: job.focus});
    try {
      const text = await this.options.summarize(job, signal);
      const durationMs = Math.round(performance.now() - started);
      log.info('context summary done', {covered: job.covered, ms: durationMs});
      this.cache.set(key, text);
      this.failures = 0;
      this.retryAt = 0;
      this.ready = {covered: job.covered, hash: job.hash, focus: job.focus, text, cached: false, durationMs};
      return this.ready;
    } catch (error) {
      if (controller.signal.aborted) {
        return undefined;
      }

      this.fail(isAbortError(error) ? `timed out after ${Math.round(timeoutMs / 1000)} s` : errorMessage(error));
      return undefined;
    } finally {
      if (this.running?.controller === controller) {
        this.running = undefined;
        this.state = 'idle';
        this.options.onChange();
      }
    }
  }

  private fail(reason: string): void {
    this.failures++;
    const retryInMs = Math.min(maxRetryMs, (this.options.retryBaseMs ?? 10_000) * 2 ** (this.failures - 1));
    this.retryAt = Date.now() + retryInMs;
    this.failure = {message: `The context summary failed (${reason}); trying again in ${Math.round(retryInMs / 1000)} s, the local compression stands in meanwhile.`, retryInMs};
    log.warn('context summary failed', {reason, failures: this.failures, retryInMs});
  }
}
