import {execa, type ResultPromise} from 'execa';
import {mkdtempSync, readFileSync, realpathSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type {McpServerEntry, McpServerSettings} from '../../src/config/index.js';
import {McpServers, type McpServersOptions} from '../../src/mcp/index.js';

export const fixturesDir = path.resolve(import.meta.dirname, '../../fixtures/mcp');
export const everythingBin = path.resolve(import.meta.dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const filesystemBin = path.resolve(import.meta.dirname, '../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');

/** A stdio server entry running a fixture script (or any script) with this Node. */
export function nodeServer(name: string, script: string, extra: Partial<McpServerSettings> & {args?: string[]} = {}, source: McpServerEntry['source'] = 'user'): McpServerEntry {
  const file = path.isAbsolute(script) ? script : path.join(fixturesDir, script);
  const {args = [], ...rest} = extra as {args?: string[]};
  return {name, source, settings: {command: process.execPath, args: [file, ...args], ...rest} as McpServerSettings};
}

export type Harness = {dir: string; open(servers: McpServerEntry[], options?: Partial<McpServersOptions>): McpServers; cleanup(): Promise<void>};

/** Opens McpServers in a temporary folder and closes every one of them afterwards. */
export function mcpHarness(): Harness {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'alex-mcp-')));
  const opened: McpServers[] = [];
  return {
    dir,
    open(servers, options = {}) {
      const instance = new McpServers({servers, workspace: dir, dataDir: path.join(dir, 'home'), env: {...process.env}, trustProject: true, ...options});
      opened.push(instance.start());
      return instance;
    },
    async cleanup() {
      await Promise.all(opened.map(item => item.close()));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

/** Resolves when `check` holds after a change of `servers`, or rejects after `ms`. */
export function until(servers: McpServers, check: () => boolean, ms = 20_000): Promise<void> {
  if (check()) {
    return Promise.resolve();
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out; states: ${JSON.stringify(servers.list().map(item => [item.name, item.state]))}`));
    }, ms);
    const unsubscribe = servers.subscribe(() => {
      if (check()) {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  });
}

export function stateOf(servers: McpServers, name: string) {
  return servers.list().find(item => item.name === name)!.state;
}

export function toolNamed(servers: McpServers, name: string) {
  const tool = servers.tools().find(item => item.name === name);
  if (!tool) {
    throw new Error(`no tool ${name}; have ${servers.tools().map(item => item.name).join(', ')}`);
  }

  return tool;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as {port: number};
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Starts server-everything over `sse` or `streamableHttp` on a free port; resolves once it listens. */
export async function startEverythingRemote(transport: 'sse' | 'streamableHttp', port?: number): Promise<{url: string; port: number; child: ResultPromise}> {
  port ??= await freePort();
  const child = execa(process.execPath, [everythingBin, transport], {env: {PORT: String(port)}, reject: false, stdin: 'ignore'});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything did not start')), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (/port/i.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const suffix = transport === 'sse' ? 'sse' : 'mcp';
  return {url: `http://127.0.0.1:${port}/${suffix}`, port, child};
}

/** Pids written by fixtures to their FIXTURE_LOG file, of one event or of all. */
export function loggedPids(file: string, event?: string): number[] {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(line => line.split(' '));
    return lines.filter(([name]) => event === undefined || name === event).map(fields => Number(fields[2]));
  } catch {
    return [];
  }
}

/** True while the process runs; a zombie waiting for its new parent to reap it counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `check` holds, polling every 50 ms; rejects after `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms`);
    }

    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
