import {McpError} from '@modelcontextprotocol/sdk/types.js';
import type {McpServerEntry} from '../config/index.js';
import {log} from '../log.js';
import {inertText, visibleText} from '../terminal-text.js';
import {rawDescription, toolFingerprint} from './fingerprint.js';
import type {McpPins} from './pins.js';
import {isOpenCircuit, recoveryPolicy, stableSessionMs, type RetryDelays} from './recovery.js';
import {resultText} from './result-text.js';
import {Session, type RawTool} from './session.js';
import type {ToolNames} from './tool-names.js';
import type {McpCallResult, McpServerState, McpToolDescriptor, McpTransportKind} from './types.js';

/** Default time one tool call may take, in ms; `timeout` in a server's settings overrides it. */
export const defaultCallTimeoutMs = 120_000;

export type ConnectionOptions = {
  workspace: string;
  env: NodeJS.ProcessEnv;
  names: ToolNames;
  /** What was approved of this workspace's tools, and where approvals are recorded. */
  pins: McpPins;
  /** The backoff between attempts to get the server back; the defaults when absent. */
  retryDelays?: RetryDelays;
  /** Called after every change of state or tools. */
  onChange(): void;
};

type Waiter = {resolve(session: Session): void; reject(error: Error): void};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One configured server over its whole life: the first start, its state, its tools, tool calls,
 * and getting it back when it goes away. A remote server is reconnected in the background by the
 * recovery policy; a stdio server that exited keeps its tools listed and is restarted, under the
 * same policy, when one of them is called.
 */
export class ServerConnection {
  state: McpServerState = {status: 'untrusted'};
  private session: Session | undefined;
  /** Every session opened and not ended yet, so that `close` stops them all. */
  private readonly live = new Set<Session>();
  private opening: Promise<unknown> | undefined;
  private descriptors: McpToolDescriptor[] = [];
  private readonly lifetime = new AbortController();
  private running = false;
  private waiters: Waiter[] = [];
  private wake: (() => void) | undefined;
  /** Set by `restart` while no attempt waits for a use; the next one goes ahead at once. */
  private wanted = false;
  private lastReason = '';
  private failedAttempts = 0;

  constructor(
    readonly entry: McpServerEntry,
    private readonly options: ConnectionOptions,
  ) {}

  get name(): string {
    return this.entry.name;
  }

  get transport(): McpTransportKind {
    return this.entry.settings.type ?? 'stdio';
  }

  private get remote(): boolean {
    return this.transport !== 'stdio';
  }

  /** Starts the server in the background; the returned promise is not worth awaiting. */
  start(): void {
    if (this.running || this.lifetime.signal.aborted) {
      return;
    }

    this.running = true;
    this.setState({status: 'starting', since: Date.now()});
    void this.supervise();
  }

  /** Keeps a project server from starting because its entry changed since the folder was trusted. */
  holdBack(reason: string): void {
    if (!this.running) {
      this.setState({status: 'untrusted', reason});
    }
  }

  /** Tools of a ready server, and of a stdio server that exited (a call restarts it). */
  tools(): McpToolDescriptor[] {
    return this.state.status === 'ready' || !this.remote ? this.descriptors : [];
  }

  /** Starts a server that is not running, or restarts a stdio server that is waiting for a use. */
  restart(): void {
    if (!this.running) {
      this.start();
      return;
    }

    this.wanted = true;
    this.wake?.();
  }

  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<McpCallResult> {
    signal.throwIfAborted();
    const timeout = this.entry.settings.timeout ?? defaultCallTimeoutMs;
    let session: Session;
    try {
      session = this.state.status === 'ready' && this.session ? this.session : await this.revive(AbortSignal.any([signal, AbortSignal.timeout(timeout)]));
    } catch (error) {
      signal.throwIfAborted();
      return {content: `MCP server "${this.name}" is not available: ${message(error)}. Its tool ${tool} was not run.`, isError: true};
    }

    // The SDK never removes the abort listener it adds to a request's signal; given the turn's
    // signal, every call would leave one behind (and cancel finished requests on a later abort).
    // Each call gets its own signal, linked to the turn's only while the call runs.
    const own = new AbortController();
    const onAbort = () => own.abort(signal.reason);
    signal.addEventListener('abort', onAbort, {once: true});
    try {
      const result = await session.client.callTool({name: tool, arguments: args}, undefined, {signal: own.signal, timeout});
      return resultText(result);
    } catch (error) {
      signal.throwIfAborted();
      return {content: this.callFailure(error, tool, timeout, session), isError: true};
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.lifetime.abort(new DOMException('alex is closing its MCP servers', 'AbortError'));
    this.rejectWaiters(new Error('alex is shutting down'));
    await Promise.allSettled([this.opening, ...[...this.live].map(session => session.close())]);
  }

  private callFailure(error: unknown, tool: string, timeout: number, session: Session): string {
    const code = error instanceof McpError ? error.code : undefined;
    if (code === -32001) {
      return `MCP server "${this.name}" did not answer ${tool} within ${timeout / 1000} s; the call was cancelled.`;
    }

    if (code === -32000) {
      return `MCP server "${this.name}" went away during the call to ${tool}: ${session.closeReason()}.`;
    }

    return `MCP server "${this.name}", tool ${tool}: ${message(error)}`;
  }

  /** Waits until a stdio server that exited is running again; a call is what asks for it. */
  private revive(signal: AbortSignal): Promise<Session> {
    if (this.remote || !this.running || this.lifetime.signal.aborted) {
      const why = this.state.status === 'failed' || this.state.status === 'reconnecting' ? this.state.reason : this.state.status;
      return Promise.reject(new Error(why));
    }

    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: session => {
          signal.removeEventListener('abort', onAbort);
          resolve(session);
        },
        reject: error => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter(item => item !== waiter);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, {once: true});
      this.waiters.push(waiter);
      this.wake?.();
    });
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      waiter.reject(error);
    }
  }

  /** Resolves when a call (or `restart`) wants the server back. */
  private demanded(signal: AbortSignal): Promise<void> {
    if (this.waiters.length > 0 || this.wanted) {
      this.wanted = false;
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, {once: true});
      this.wake = () => {
        this.wake = undefined;
        this.wanted = false;
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }

  private async supervise(): Promise<void> {
    const {policy, retries} = recoveryPolicy(this.options.retryDelays);
    retries.onRetry(event => this.onRetry('error' in event ? event.error : undefined, event.delay));
    let first = true;
    while (!this.lifetime.signal.aborted) {
      try {
        await policy.execute(() => {
          const isFirst = first;
          first = false;
          return this.attempt(isFirst);
        }, this.lifetime.signal);
      } catch {
        // Only a closing connection ends the retries, which never give up on their own.
      }
    }
  }

  /**
   * One attempt is one connection's whole life: it fails when the server cannot be reached or
   * drops within `stableSessionMs`, and succeeds when a connection that lasted ends.
   */
  private async attempt(isFirst: boolean): Promise<void> {
    const signal = this.lifetime.signal;
    signal.throwIfAborted();
    if (!isFirst && !this.remote) {
      await this.demanded(signal);
    }

    if (!isFirst) {
      const attempt = this.failedAttempts + 1;
      this.setState(this.remote ? {status: 'reconnecting', reason: this.lastReason, attempt} : {status: 'starting', since: Date.now()});
    }

    const started = performance.now();
    const opening = this.openSession(signal);
    this.opening = opening.catch(() => undefined);
    let session: Session;
    try {
      session = await opening;
      signal.throwIfAborted();
    } catch (error) {
      if (!signal.aborted) {
        this.fail(message(error));
      }

      throw error;
    }

    const readyAt = Date.now();
    this.becomeReady(session, performance.now() - started);
    const reason = await session.ended;
    this.session = undefined;
    await session.close();
    signal.throwIfAborted();
    this.fail(reason);
    if (Date.now() - readyAt < stableSessionMs) {
      throw new Error(reason);
    }

    this.failedAttempts = 0;
  }

  /** Opens a session that `close` can always reach, even before `attempt` has taken it. */
  private async openSession(signal: AbortSignal): Promise<Session> {
    const session = await Session.open(this.sessionOptions(), signal);
    this.live.add(session);
    void session.ended.then(() => this.live.delete(session));
    if (signal.aborted) {
      await session.close();
    }

    return session;
  }

  private sessionOptions() {
    return {
      name: this.name,
      settings: this.entry.settings,
      workspace: this.options.workspace,
      env: this.options.env,
      onToolsChanged: (tools: RawTool[]) => {
        this.describeTools(tools);
        if (this.state.status === 'ready') {
          this.setState({...this.state, toolCount: tools.length});
        }
      },
    };
  }

  private becomeReady(session: Session, bootMs: number): void {
    this.session = session;
    this.describeTools(session.tools);
    this.setState({status: 'ready', toolCount: session.tools.length, bootMs: Math.round(bootMs)});
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      waiter.resolve(session);
    }
  }

  private fail(rawReason: string): void {
    // Shown on one line in terminals: the server's stderr or an HTTP body must not drive them.
    const reason = inertText(rawReason.replace(/\s+/g, ' ').trim());
    this.lastReason = reason;
    this.failedAttempts++;
    this.setState({status: 'failed', reason});
    this.rejectWaiters(new Error(reason));
  }

  private onRetry(error: unknown, delay: number): void {
    if (this.lifetime.signal.aborted) {
      return;
    }

    if (isOpenCircuit(error)) {
      this.rejectWaiters(new Error(`it failed ${this.failedAttempts} times in a row (last: ${this.lastReason}); alex tries again in ${Math.ceil(delay / 1000)} s`));
    }

    if (this.remote) {
      this.setState({status: 'failed', reason: this.lastReason, retryAt: Date.now() + delay});
    }
  }

  private describeTools(rawTools: RawTool[]): void {
    // A server that lists a name twice would make the model API refuse the whole request.
    const tools = [...new Map(rawTools.map(tool => [tool.name, tool])).values()];
    this.descriptors = tools.map(tool => this.describe(tool));
    this.options.onChange();
  }

  private describe(tool: RawTool): McpToolDescriptor {
    const {pins} = this.options;
    const fingerprint = toolFingerprint(tool);
    const description = visibleText(rawDescription(tool));
    return {
      name: this.options.names.nameFor(this.name, tool.name),
      server: this.name,
      tool: tool.name,
      description,
      fingerprint,
      approved: () => pins.tool(this.entry, tool.name),
      approve: () => pins.approveTool(this.entry, tool.name, {hash: fingerprint, description}),
      inputSchema: {type: 'object', properties: {}, ...(tool.inputSchema as Record<string, unknown>)},
      readOnly: tool.annotations?.readOnlyHint === true,
      call: (args, {signal}) => this.call(tool.name, args, signal),
    };
  }

  private setState(state: McpServerState): void {
    this.state = state;
    log.info('mcp server state', {server: this.name, ...state});
    this.options.onChange();
  }
}
