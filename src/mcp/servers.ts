import type {McpServerEntry} from '../config/index.js';
import {log} from '../log.js';
import {ServerConnection} from './connection.js';
import {McpPins} from './pins.js';
import type {RetryDelays} from './recovery.js';
import {ToolNames} from './tool-names.js';
import {folderTrust, recordFolderTrust, type FolderTrust} from './trust.js';
import type {McpServerStatus, McpToolDescriptor} from './types.js';

export type McpServersOptions = {
  /** Every configured server, from settings (`user`) and the project's `.mcp.json` (`project`). */
  servers: McpServerEntry[];
  /** The workspace: where stdio servers run, and the folder whose trust decides on project servers. */
  workspace: string;
  /** alex's data folder, where `trusted-folders.json` is kept. */
  dataDir: string;
  /** Environment for stdio servers (alex's own keys already removed); a server's `env` adds to it. */
  env: NodeJS.ProcessEnv;
  /** True: start project servers without asking (`--yolo`). Otherwise the recorded answer decides. */
  trustProject?: boolean;
  /**
   * The backoff between reconnect attempts; the defaults (about 1 s, growing to 30 s) when absent.
   * Tests make it shorter than the circuit breaker's 5 s, so that the breaker's pace shows.
   */
  retryDelays?: RetryDelays;
};

/**
 * Every configured MCP server, each started at once in the background and followed on its own.
 * Nothing here is awaited by the prompt: callers read `list()` and `tools()` whenever they like
 * and hear about changes through `subscribe()`. Both return the same array until something
 * changes, so they can back React's `useSyncExternalStore` directly.
 */
export class McpServers {
  private readonly connections: ServerConnection[];
  private readonly listeners = new Set<() => void>();
  private readonly names = new ToolNames();
  private readonly pins: McpPins;
  private statusSnapshot: McpServerStatus[] | undefined;
  private toolSnapshot: McpToolDescriptor[] | undefined;
  private closed = false;

  constructor(private readonly options: McpServersOptions) {
    this.pins = new McpPins(options.dataDir, options.workspace);
    const connectionOptions = {workspace: options.workspace, env: options.env, names: this.names, pins: this.pins, retryDelays: options.retryDelays, onChange: () => this.changed()};
    this.connections = options.servers.map(entry => new ServerConnection(entry, connectionOptions));
  }

  /**
   * Starts every server that may run: user servers, and project servers in a trusted folder
   * unless their entry changed since it was trusted (under `trustProject`, all of them).
   */
  start(): this {
    const yolo = this.options.trustProject === true;
    const projectAllowed = yolo || this.projectTrust() === 'trusted';
    const project = this.connections.filter(connection => connection.entry.source === 'project');
    const held = projectAllowed && !yolo && project.length > 0 ? this.pins.heldBack(project.map(connection => connection.entry)) : new Map<string, string>();
    for (const connection of this.connections) {
      const reason = held.get(connection.name);
      if (reason !== undefined) {
        connection.holdBack(reason);
      } else if (connection.entry.source === 'user' || projectAllowed) {
        connection.start();
      }
    }

    this.changed();
    return this;
  }

  /** Each server with its state and tool names, in configuration order. */
  list(): McpServerStatus[] {
    this.statusSnapshot ??= this.connections.map(connection => ({
      name: connection.name,
      source: connection.entry.source,
      transport: connection.transport,
      state: connection.state,
      tools: connection.tools().map(tool => tool.name),
    }));

    return this.statusSnapshot;
  }

  /** The tools the model may use now: those of ready servers (and of stdio servers a call restarts). */
  tools(): McpToolDescriptor[] {
    this.toolSnapshot ??= this.connections.flatMap(connection => connection.tools());
    return this.toolSnapshot;
  }

  /** Calls `listener` after every change of any server's state or tools; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once no server is still starting, or after `maxMs`, whichever comes first. */
  settle(maxMs: number): Promise<void> {
    const starting = () => this.connections.some(connection => connection.state.status === 'starting');
    if (!starting()) {
      return Promise.resolve();
    }

    return new Promise(resolve => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      const unsubscribe = this.subscribe(() => {
        if (!starting()) {
          done();
        }
      });
    });
  }

  /** Whether the project's `.mcp.json` servers may run here: the recorded answer, if any. */
  projectTrust(): FolderTrust {
    return folderTrust(this.options.dataDir, this.options.workspace);
  }

  /** True when the project has servers that wait for the folder to be trusted. */
  needsTrust(): boolean {
    return this.connections.some(connection => connection.state.status === 'untrusted');
  }

  /**
   * Records the user's answer for this folder (`trusted-folders.json` in the data folder); when
   * trusted, the project's servers are pinned as they are now (`mcp-pins.json`) and start at once.
   */
  setProjectTrust(trusted: boolean): void {
    recordFolderTrust(this.options.dataDir, this.options.workspace, trusted);
    if (trusted) {
      this.pins.approveLaunches(this.connections.map(connection => connection.entry));
    }

    if (trusted && !this.closed) {
      this.start();
    }
  }

  /** Starts a server that is not running, or restarts a stdio server that exited. */
  restart(name: string): void {
    const connection = this.connections.find(item => item.name === name);
    if (connection && connection.state.status !== 'untrusted') {
      connection.restart();
    }
  }

  /** Closes every server and waits until their processes, grandchildren included, are gone. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.connections.map(connection => connection.close()));
    this.listeners.clear();
  }

  private changed(): void {
    this.statusSnapshot = undefined;
    this.toolSnapshot = undefined;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        // A listener's bug must not stop the others or the server that changed.
        log.error('mcp listener failed', {error: String(error)});
      }
    }
  }
}
