import {log} from '../log.js';
import {ApiError} from '../llm/api-error.js';
import type {Message, ModelRequest, Provider, Usage} from '../llm/types.js';
import {BackgroundSummary, type SummaryJob} from './background-summary.js';
import {compactLocally, cutLargest, sameForm, splitPoint, summaryMessage, viewOf, withSummary, type Compacted} from './compacted.js';
import {fixedTokens, messagesTokens} from './estimate.js';
import {contextWindowFor, knownContextWindow} from './model-windows.js';
import {rangeHash} from './range-hash.js';
import type {CompactionRecord, ContextEvent} from './record.js';
import {requestSummary} from './summary.js';
import {TokenCount} from './token-count.js';

export type CompactorOptions = {
  provider: Provider;
  /** The conversation: the very array the agent appends to; the compactor never changes it. */
  history: readonly Message[];
  /** The conversation's model, until a request names another. */
  model: string;
  /** Model for summaries (the `compactModel` setting); the conversation's model when undefined. */
  compactModel?: string;
  /** Context window in tokens (the `contextWindow` setting or ALEX_CONTEXT_WINDOW); the built-in table when undefined. */
  contextWindow?: number;
  /** Longest a summary may take, in ms. Default 45 000. */
  summaryTimeoutMs?: number;
  /** Wait between passing the summary threshold and starting the summary, in ms. Default 1000. */
  debounceMs?: number;
  /** Wait before retrying a failed summary, doubled per failure up to 5 minutes, in ms. Default 10 000. */
  retryBaseMs?: number;
};

/** The messages of one request and what happened to the context on the way. */
export type ShapedRequest = {messages: Message[]; events: ContextEvent[]};

/** What the status line shows. */
export type CompactionStatus = {
  /** Tokens of the last request sent, as reported or estimated. */
  usedTokens: number;
  /** The context window alex works with, in tokens. */
  window: number;
  /** `usedTokens` as a whole percentage of `window`. */
  percent: number;
  /** The background summary: waiting for its debounce, running, or ready to replace the compacted range at the next turn. */
  summary: 'idle' | 'waiting' | 'running' | 'ready';
  /** The compacted state requests use now. */
  compacted: {method: 'summary' | 'local'; coveredMessages: number} | undefined;
  /** One line worth showing: the last summary failure or context-length refusal, until a summary is swapped in. */
  notice: string | undefined;
};

export type CompactNowResult = {status: 'ready' | 'nothing' | 'failed'; message: string};

/** Share of the window at which a background summary starts. */
const summaryShare = 0.7;
/** Requests stay under this share of the window; past it the local compression applies at once. */
const limitShare = 0.9;
/** What a local compression aims at; the harder one applies when the everyday one misses it. */
const targetShare = 0.6;
/** The recent tail kept word for word, as a share of the window. */
const tailShare = 0.3;
/** The recent tail `/compact` keeps. */
const compactNowTailShare = 0.1;

/**
 * Keeps every request inside the context window (the agent's RequestShaper): a background
 * summary from about 70 %, an instant local compression past about 90 % while no summary is
 * ready, the summary swapped in at the next model request (a turn boundary, never mid-turn).
 *
 * For the TUI (`createAgent(...).compactor`): `status` (context used in %, the summary's state,
 * the compacted range, a one-line notice) and `subscribe(listener)` for its changes; `compactNow
 * (focus?)` for `/compact [focus]`, which never blocks: await it or not, the summary replaces the
 * range at the start of the next turn; `close()` cancels a waiting or running summary.
 *
 * For sessions: each `compaction` event carries a `CompactionRecord` (record.ts) to append after
 * the messages it covers. To resume, load the messages, pass them to `createAgent`, then call
 * `restore(record)` with the last record read back through `parseCompactionRecord`.
 */
export class Compactor {
  private readonly options: CompactorOptions;
  private readonly tokens = new TokenCount();
  private readonly summaries: BackgroundSummary;
  private readonly listeners = new Set<(status: CompactionStatus) => void>();
  private state: Compacted | undefined;
  private model: string;
  /** Estimated tokens of the system prompt and tool specs of the last request. */
  private fixedTokens = 0;
  /** A window the endpoint proved smaller than assumed, by refusing a request as too long. */
  private provenWindow = Number.POSITIVE_INFINITY;
  private lastSent: Message[] = [];
  private used = 0;
  private notice: string | undefined;

  constructor(options: CompactorOptions) {
    this.options = options;
    this.model = options.model;
    this.summaries = new BackgroundSummary({
      summarize: (job, signal) => this.summarize(job, signal),
      onChange: () => this.changed(),
      timeoutMs: options.summaryTimeoutMs,
      debounceMs: options.debounceMs,
      retryBaseMs: options.retryBaseMs,
    });
  }

  /** The context window in tokens: setting, table or default, lowered by a refusal. */
  get window(): number {
    return Math.min(contextWindowFor(this.model, this.options.contextWindow), this.provenWindow);
  }

  get status(): CompactionStatus {
    const window = this.window;
    const summary = this.summaries.ready ? 'ready' : this.summaries.state;
    const compacted = this.state && {method: this.state.method, coveredMessages: this.state.covered};

    return {usedTokens: this.used, window, percent: Math.round((this.used / window) * 100), summary, compacted, notice: this.notice};
  }

  /** Calls `listener` with the new status whenever it changes; returns the unsubscribe function. */
  subscribe(listener: (status: CompactionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The messages of the next request; swaps in a ready summary and compresses when needed. */
  async shape(request: ModelRequest, _signal: AbortSignal): Promise<ShapedRequest> {
    this.model = request.model;
    this.fixedTokens = fixedTokens(request.system, request.tools);
    const events: ContextEvent[] = [];
    const failure = this.summaries.takeFailure();
    if (failure) {
      this.notice = failure.message;
      events.push({type: 'compaction_failed', ...failure});
    }

    this.swapInSummary(events);
    return {messages: this.fit(events, false), events};
  }

  /** A smaller request after the endpoint refused the last one as too long: the harder compression, once. */
  async shrink(_request: ModelRequest, _signal: AbortSignal): Promise<ShapedRequest> {
    const refused = this.used;
    this.provenWindow = Math.max(1024, Math.floor(refused * 0.75));
    log.warn('context length refused', {refused, window: this.window});
    const events: ContextEvent[] = [];
    const messages = this.fit(events, true);
    this.notice = `The endpoint refused a request of about ${refused} tokens as too long; alex now keeps requests under ${Math.floor(this.window * limitShare)} tokens.`;
    this.changed();

    return {messages, events};
  }

  /** Records the usage the endpoint reported for the request last shaped. */
  observe(usage: Usage): void {
    this.tokens.observe(this.lastSent, usage, this.fixedTokens);
    this.used = usage.inputTokens + usage.outputTokens;
    this.changed();
  }

  /**
   * Starts a summary of all but the last exchanges now, in the background (`/compact [focus]`).
   * It replaces them at the start of the next turn; the promise says when it is ready.
   */
  async compactNow(focus?: string): Promise<CompactNowResult> {
    const job = this.summaryJob(compactNowTailShare, focus?.trim() || undefined);
    if (!job) {
      return {status: 'nothing', message: 'Nothing to compact yet: the conversation is no longer than its recent tail.'};
    }

    const result = await this.summaries.now(job);
    if (!result) {
      return {status: 'failed', message: this.summaries.failure?.message ?? 'The summary was cancelled.'};
    }

    const from = result.cached ? ' (from the cache)' : '';
    return {status: 'ready', message: `The summary of ${result.covered} messages is ready${from}; it replaces them at the start of the next turn.`};
  }

  /** Restores the compacted state of a resumed session; false when the record does not fit its messages. */
  restore(record: CompactionRecord): boolean {
    const history = this.options.history;
    if (record.coveredMessages > history.length || rangeHash(history, record.coveredMessages) !== record.coveredHash) {
      log.warn('compaction record does not match the conversation', {covered: record.coveredMessages, messages: history.length});
      return false;
    }

    const summary = record.summary && {text: record.summary.text, covered: record.summary.coveredMessages, focus: record.summary.focus};
    this.state = {covered: record.coveredMessages, messages: record.messages, method: record.method, summary};
    if (summary && summary.covered <= history.length) {
      this.summaries.remember(rangeHash(history, summary.covered), summary.focus, summary.text);
    }

    this.changed();
    return true;
  }

  /**
   * At the end of a run (a turn boundary): swaps in a summary that became ready after the last
   * request, so that its compaction event can be recorded and a resume starts from it instead of
   * asking for the same summary again.
   */
  settle(): ContextEvent[] {
    const events: ContextEvent[] = [];
    this.swapInSummary(events);
    return events;
  }

  /** Stops background work; the compactor can still shape requests afterwards. */
  close(): void {
    this.summaries.cancel();
  }

  private changed(): void {
    const status = this.status;
    for (const listener of this.listeners) {
      listener(status);
    }
  }

  private count(messages: readonly Message[]): number {
    return this.tokens.count(messages, this.fixedTokens);
  }

  /** A ready summary replaces the compacted range; this runs only between model requests. */
  private swapInSummary(events: ContextEvent[]): void {
    const ready = this.summaries.takeReady();
    const history = this.options.history;
    if (!ready || (this.state?.summary?.covered ?? 0) >= ready.covered) {
      return;
    }

    if (ready.covered > history.length || rangeHash(history, ready.covered) !== ready.hash) {
      log.warn('context summary does not match the conversation; dropped', {covered: ready.covered});
      return;
    }

    const before = this.count(viewOf(history, this.state));
    const summary = {text: ready.text, covered: ready.covered, focus: ready.focus};
    this.state = withSummary(history, this.state, summary, this.window);
    this.notice = undefined;
    events.push(this.compacted(before, ready.text));
  }

  /** The request's messages within the limit: local compression past it, then the tail cut if still needed. */
  private fit(events: ContextEvent[], refused: boolean): Message[] {
    const history = this.options.history;
    const limit = this.window * limitShare;
    const before = this.count(viewOf(history, this.state));
    if (before > limit || refused) {
      this.compressLocally(before, refused, events);
    }

    if (before >= this.window * summaryShare || this.state?.method === 'local') {
      this.summaries.schedule(() => this.summaryJob(tailShare));
    }

    let view = viewOf(history, this.state);
    let used = this.count(view);
    if (used > limit) {
      view = cutLargest(view, messagesTokens(view) - (used - limit));
      used = this.count(view);
    }

    this.lastSent = view;
    this.used = used;
    this.changed();

    return view;
  }

  /** Applies the everyday local compression, or the harder one when that is not enough or the endpoint refused. */
  private compressLocally(tokensBefore: number, refused: boolean, events: ContextEvent[]): void {
    const history = this.options.history;
    const window = this.window;
    let level: 'everyday' | 'harder' = refused ? 'harder' : 'everyday';
    let next = compactLocally(history, this.state, level, window * tailShare, window);
    if (level === 'everyday' && this.count(viewOf(history, next)) > window * targetShare) {
      level = 'harder';
      next = compactLocally(history, this.state, level, window * tailShare, window);
    }

    if (this.state && sameForm(this.state, next)) {
      return;
    }

    this.state = next;
    const what = level === 'harder' ? 'The older messages were folded into a list of their steps.' : 'Older tool outputs were reduced to notes and long messages cut in the middle.';
    events.push(this.compacted(tokensBefore, what));
  }

  private compacted(tokensBefore: number, summary: string): ContextEvent {
    const state = this.state!;
    const tokensAfter = this.count(viewOf(this.options.history, state));
    const record: CompactionRecord = {
      version: 1,
      method: state.method,
      coveredMessages: state.covered,
      coveredHash: rangeHash(this.options.history, state.covered),
      messages: state.messages,
      ...(state.summary && {summary: {text: state.summary.text, coveredMessages: state.summary.covered, ...(state.summary.focus && {focus: state.summary.focus})}}),
      tokensBefore,
      tokensAfter,
      createdAt: new Date().toISOString(),
    };
    log.info('context compacted', {method: state.method, covered: state.covered, tokensBefore, tokensAfter});

    return {type: 'compaction', method: state.method, summary, coveredMessages: state.covered, tokensBefore, tokensAfter, record};
  }

  /** The next summary: everything before a tail of `share` of the window, or undefined when nothing new would be covered. */
  private summaryJob(share: number, focus?: string): SummaryJob | undefined {
    const history = this.options.history;
    if (history.length === 0) {
      return undefined;
    }

    const {covered} = splitPoint(history, this.state, this.window * share);
    const summary = this.state?.summary;
    if (covered <= Math.max(summary?.covered ?? 0, 1)) {
      return undefined;
    }

    const earlier = summary ? [summaryMessage(history[0]!, summary.text, this.window), ...history.slice(summary.covered, covered)] : history.slice(0, covered);
    return {covered, hash: rangeHash(history, covered), focus, input: earlier};
  }

  private async summarize(job: SummaryJob, signal: AbortSignal): Promise<string> {
    const compactModel = this.options.compactModel;
    const window = compactModel ? Math.min(this.window, knownContextWindow(compactModel) ?? this.window) : this.window;
    try {
      return await requestSummary({provider: this.options.provider, model: compactModel ?? this.model, messages: job.input, focus: job.focus, window, signal});
    } catch (error) {
      if (compactModel && error instanceof ApiError && error.kind === 'model_not_found') {
        throw new Error(`the endpoint does not know the compactModel "${compactModel}"; change the setting with alex config set compactModel <model>`, {cause: error});
      }

      throw error;
    }
  }
}
