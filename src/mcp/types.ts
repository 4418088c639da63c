import type {McpServerEntry} from '../config/index.js';
import type {ApprovedTool} from './pins.js';

export type {ApprovedTool} from './pins.js';

/** Where one MCP server stands; every change is reported to `McpServers.subscribe` listeners. */
export type McpServerState =
  /**
   * A project server not started because the folder is not trusted (yet), or, with a `reason`,
   * because its entry in `.mcp.json` changed since the folder was trusted; trusting the folder
   * again (`setProjectTrust(true)`) starts it.
   */
  | {status: 'untrusted'; reason?: string}
  | {status: 'starting'; since: number}
  | {status: 'ready'; toolCount: number; bootMs: number}
  /**
   * The last start or connection failed, or the server went away. `retryAt` (epoch ms) is set when
   * alex will try again by itself (remote servers); a stdio server is restarted on its next use.
   */
  | {status: 'failed'; reason: string; retryAt?: number}
  /** A remote server that dropped (or failed) being connected again; `attempt` counts from 1. */
  | {status: 'reconnecting'; reason: string; attempt: number};

export type McpTransportKind = 'stdio' | 'sse' | 'http';

/** One configured server as `alex mcp list`, `/mcp` and the status line show it. */
export type McpServerStatus = {
  name: string;
  source: McpServerEntry['source'];
  transport: McpTransportKind;
  state: McpServerState;
  /** The names the model sees for this server's tools (`mcp__server__tool`). */
  tools: string[];
};

/** What the model gets back from one MCP tool call, already converted to text. */
export type McpCallResult = {
  content: string;
  isError: boolean;
};

/** An MCP tool as alex offers it to the model; `call` never throws but for an abort. */
export type McpToolDescriptor = {
  /** `mcp__<server>__<tool>`, reduced to what model APIs accept. */
  name: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  /** The server's description with control and invisible characters made visible (`visibleText`). */
  description: string;
  /** SHA-256 of the tool's name, raw description and input schema as the server lists them now. */
  fingerprint: string;
  /** The version of this tool approved last (in this or an earlier run), if any. */
  approved(): ApprovedTool | undefined;
  /** Records this version of the tool as approved, in the data folder's `mcp-pins.json`. */
  approve(): void;
  /** JSON Schema of the arguments object, as the server declared it. */
  inputSchema: Record<string, unknown>;
  /** The server says the tool only reads (`annotations.readOnlyHint`). */
  readOnly: boolean;
  call(args: Record<string, unknown>, options: {signal: AbortSignal}): Promise<McpCallResult>;
};
