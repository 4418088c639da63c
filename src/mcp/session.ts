import path from 'node:path';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import type {Transport} from '@modelcontextprotocol/sdk/shared/transport.js';
import {ToolListChangedNotificationSchema, type Tool as RawTool} from '@modelcontextprotocol/sdk/types.js';
import type {McpServerSettings} from '../config/index.js';
import {log} from '../log.js';
import {connectionReason, isConnectionLoss, remoteTransport} from './remote-transport.js';
import {StdioProcessTransport} from './stdio-transport.js';

declare const ALEX_VERSION: string;

export type {RawTool};

/** Default time a server gets to answer `initialize` and `tools/list`, in ms. */
export const defaultStartupTimeoutMs = 30_000;

/** How long a server that did not finish starting gets before each signal when it is stopped, in ms. */
const openFailureGraceMs = 200;

export type SessionOptions = {
  name: string;
  settings: McpServerSettings;
  /** Where a stdio server runs unless its settings name a `cwd`. */
  workspace: string;
  /** Environment for a stdio server, before its own `env` entries. */
  env: NodeJS.ProcessEnv;
  /** Called when the server says its tool list changed and the new list has been read. */
  onToolsChanged(tools: RawTool[]): void;
};

/**
 * Tool output schemas are not checked on alex's side: the model reads the text either way, and
 * compiling a validator per tool would cost start-up time for nothing.
 */
const acceptAnyOutput = {
  getValidator: () => (input: unknown) => ({valid: true as const, data: input as never, errorMessage: undefined}),
};

/** Rejects with the signal's reason as soon as it aborts, whatever `promise` does. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // What `promise` rejects with after the abort is of no interest, but must not go unhandled.
  promise.catch(() => undefined);
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, {once: true});
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function listAllTools(client: Client, signal: AbortSignal, timeout: number): Promise<RawTool[]> {
  const tools: RawTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await client.listTools(cursor === undefined ? undefined : {cursor}, {signal, timeout});
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) {
      break;
    }
  }

  return tools;
}

/** One live connection to a server: its transport, SDK client and current tools. */
export class Session {
  tools: RawTool[] = [];
  /** Resolves with the reason once the connection is gone, for whatever cause. */
  readonly ended: Promise<string>;
  private endWith!: (reason: string) => void;
  private dropReason: string | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  private constructor(
    readonly client: Client,
    readonly transport: Transport,
    private readonly options: SessionOptions,
  ) {
    this.ended = new Promise(resolve => {
      this.endWith = resolve;
    });
    client.onclose = () => this.endWith(this.closeReason());
    client.onerror = error => this.onError(error);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      void this.refreshTools();
    });
  }

  /** Starts the server (or reaches it), initializes and reads its tools, within the startup timeout. */
  static async open(options: SessionOptions, signal: AbortSignal): Promise<Session> {
    signal.throwIfAborted();
    const timeoutMs = options.settings.startupTimeout ?? defaultStartupTimeoutMs;
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    const transport = await createTransport(options);
    const client = new Client({name: 'alex', version: ALEX_VERSION}, {capabilities: {}, jsonSchemaValidator: acceptAnyOutput});
    const session = new Session(client, transport, options);
    try {
      await untilAborted(client.connect(transport, {signal: deadline, timeout: timeoutMs}), deadline);
      session.tools = await untilAborted(listAllTools(client, deadline, timeoutMs), deadline);
      return session;
    } catch (error) {
      // The reason is read first: closing stdin makes many servers exit, which would hide a timeout.
      const timedOut = deadline.aborted || (error as {code?: unknown}).code === -32001;
      const reason = session.openFailure(error, timedOut, timeoutMs);
      // A server that never finished starting has nothing to save: it gets a short grace only.
      await (transport instanceof StdioProcessTransport ? transport.close(openFailureGraceMs) : transport.close()).catch(() => undefined);
      if (signal.aborted) {
        throw signal.reason;
      }

      throw new Error(reason, {cause: error});
    }
  }

  get stdio(): StdioProcessTransport | undefined {
    return this.transport instanceof StdioProcessTransport ? this.transport : undefined;
  }

  /** Why the connection ended, or is ending: the process's exit and stderr, or the network error. */
  closeReason(): string {
    return this.stdio?.endReason() ?? this.dropReason ?? 'the server closed the connection';
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private openFailure(error: unknown, timedOut: boolean, timeoutMs: number): string {
    const stdio = this.stdio;
    if (timedOut && !stdio?.endReason()) {
      const tail = stdio?.stderrTail();
      return `did not finish starting within ${timeoutMs / 1000} s${tail ? `; stderr: ${tail}` : ''}`;
    }

    if (stdio) {
      return stdio.endReason() ?? (error instanceof Error ? error.message : String(error));
    }

    return this.dropReason ?? connectionReason(error, (this.options.settings as {url: string}).url);
  }

  private onError(error: Error): void {
    if (!this.stdio && isConnectionLoss(error)) {
      // The SDK would reconnect by itself (EventSource retries every 3 s); alex's supervisor does it instead.
      this.dropReason ??= connectionReason(error, (this.options.settings as {url: string}).url);
      void this.transport.close();
      return;
    }

    log.debug('mcp transport error', {server: this.options.name, error: error.message});
  }

  /** Reads the tool list again; a refresh asked for while one runs is done once after it. */
  private async refreshTools(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }

    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          const timeout = this.options.settings.startupTimeout ?? defaultStartupTimeoutMs;
          this.tools = await listAllTools(this.client, AbortSignal.timeout(timeout), timeout);
          this.options.onToolsChanged(this.tools);
        } catch (error) {
          log.warn('mcp tools refresh failed', {server: this.options.name, error: String(error)});
        }
      } while (this.refreshAgain);
    })();
    await this.refreshing;
    this.refreshing = undefined;
  }
}

async function createTransport(options: SessionOptions): Promise<Transport> {
  const {settings} = options;
  if (!('command' in settings)) {
    return remoteTransport(settings);
  }

  return new StdioProcessTransport({
    name: options.name,
    command: settings.command,
    args: settings.args ?? [],
    env: {...options.env, ...settings.env},
    cwd: settings.cwd === undefined ? options.workspace : path.resolve(options.workspace, settings.cwd),
  });
}
