import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import type {Transport} from '@modelcontextprotocol/sdk/shared/transport.js';
import type {JSONRPCMessage} from '@modelcontextprotocol/sdk/types.js';
import {log} from '../log.js';
import {LineSplitter, type OversizedLine} from './line-splitter.js';
import {stopGroup, trackGroup} from '../process-groups.js';
import {formatBytes} from './result-text.js';

export type StdioTransportOptions = {
  /** The server's name, for logs. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Longest stdout line kept, in bytes; longer ones are dropped. Default 16 MiB. */
  maxLineBytes?: number;
  /** How long each step of stopping waits before the next signal, in ms. Default 1000. */
  closeGraceMs?: number;
};

/** How much of the server's stderr is kept for failure reasons, in characters. */
const stderrKeep = 4096;

function isMessage(value: unknown): value is JSONRPCMessage {
  return typeof value === 'object' && value !== null && (value as {jsonrpc?: unknown}).jsonrpc === '2.0';
}

/** The id of the request a dropped line answered, read from the line's edges. */
function answeredId(line: OversizedLine): string | number | undefined {
  const idValue = String.raw`(-?\d+|"(?:[^"\\]|\\.)*")`;
  const match = new RegExp(String.raw`"id"\s*:\s*${idValue}\s*}\s*$`).exec(line.tail) ?? new RegExp(String.raw`^\s*{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${idValue}`).exec(line.head);
  return match ? (JSON.parse(match[1]!) as string | number) : undefined;
}

/**
 * The stdio transport alex uses instead of the SDK's: the server runs in its own process group
 * (so that stopping it also stops what it started, e.g. the server behind `npx`), its stdout is
 * split by a bounded line reader that skips lines that are not JSON-RPC, and its stderr is kept
 * (the last 4 KB) to explain a failure instead of reaching the terminal.
 */
export class StdioProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcessWithoutNullStreams | undefined;
  private stderrText = '';
  private exit: {code: number | null; signal: NodeJS.Signals | null} | undefined;
  private closing: Promise<void> | undefined;
  private finished = false;
  private readonly splitter: LineSplitter;
  /** Lines on stdout that were not JSON-RPC messages, skipped. */
  skippedLines = 0;

  constructor(private readonly options: StdioTransportOptions) {
    this.splitter = new LineSplitter({line: text => this.onLine(text), oversized: line => this.onOversized(line)}, options.maxLineBytes);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const {command, args, env, cwd} = this.options;
      const child = spawn(command, args, {cwd, env, stdio: 'pipe', detached: true, windowsHide: true});
      this.child = child;
      child.once('spawn', () => {
        trackGroup(child.pid!);
        resolve();
      });
      child.once('error', error => {
        reject(spawnError(error, command));
        this.finish();
      });
      child.once('close', (code, signal) => {
        this.exit = {code, signal};
        this.finish();
      });
      child.stdout.on('data', (chunk: Buffer) => this.splitter.push(chunk));
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        this.stderrText = (this.stderrText + text).slice(-stderrKeep);
      });
      // A server that died makes writes fail with EPIPE; its exit is reported through `close`.
      child.stdin.on('error', () => undefined);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exit || this.finished || !stdin.writable) {
      throw new Error('the server process is not running');
    }

    if (!stdin.write(`${JSON.stringify(message)}\n`)) {
      await new Promise(resolve => stdin.once('drain', resolve));
    }
  }

  /**
   * Closes stdin, then stops the process group by escalation, waiting `graceMs` (default
   * `closeGraceMs`) before each signal; safe to call more than once.
   */
  close(graceMs = this.options.closeGraceMs ?? 1000): Promise<void> {
    this.closing ??= this.stop(graceMs);
    return this.closing;
  }

  /** Why the process ended, with the tail of its stderr; undefined while it runs. */
  endReason(): string | undefined {
    if (!this.exit) {
      return undefined;
    }

    const how = this.exit.signal ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
    const tail = this.stderrTail();
    return tail ? `${how}: ${tail}` : how;
  }

  /** The last few lines of stderr on one line. */
  stderrTail(): string {
    const lines = this.stderrText.split('\n').map(line => line.trim()).filter(Boolean).slice(-3);
    const text = lines.join(' | ');
    return text.length > 300 ? `…${text.slice(-299)}` : text;
  }

  private async stop(graceMs: number): Promise<void> {
    const child = this.child;
    if (child?.pid !== undefined) {
      child.stdin.end();
      await stopGroup(child.pid, {settleMs: graceMs, graceMs});
    }

    this.finish();
  }

  private finish(): void {
    if (!this.finished) {
      this.finished = true;
      this.onclose?.();
    }
  }

  private onLine(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }

    if (!isMessage(message)) {
      this.skippedLines++;
      log.warnOnce(`mcp-stdout-${this.options.name}`, 'mcp server wrote a line that is not JSON-RPC; skipped', {server: this.options.name, line: text.slice(0, 200)});
      return;
    }

    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onOversized(line: OversizedLine): void {
    const limit = this.options.maxLineBytes ?? 16 * 1024 * 1024;
    const text = `the server sent a message of ${formatBytes(line.bytes)}, over alex's limit of ${formatBytes(limit)}; it was dropped`;
    log.warn('mcp message too large', {server: this.options.name, bytes: line.bytes});
    const id = answeredId(line);
    if (id === undefined) {
      this.onerror?.(new Error(text));
      return;
    }

    this.onmessage?.({jsonrpc: '2.0', id, error: {code: -32603, message: text}});
  }
}

function spawnError(error: Error & {code?: string}, command: string): Error {
  if (error.code === 'ENOENT') {
    return new Error(`command not found: ${command}`, {cause: error});
  }

  return new Error(`could not start ${command}: ${error.message}`, {cause: error});
}
