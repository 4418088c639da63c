import type {Command} from 'commander';
import type {McpServerStatus} from '../mcp/index.js';
import {visibleText} from '../terminal-text.js';

/** How long `alex mcp list` waits for servers still starting before it reports them as starting. */
const listWaitMs = 10_000;

function stateText(item: McpServerStatus): string {
  const {state} = item;
  switch (state.status) {
    case 'ready': {
      return `ready     ${state.toolCount} tools, booted in ${(state.bootMs / 1000).toFixed(1)} s`;
    }

    case 'failed': {
      return `failed    ${state.reason}${state.retryAt ? ' (retrying)' : ''}`;
    }

    case 'starting': {
      return `starting  still starting after ${listWaitMs / 1000} s`;
    }

    case 'reconnecting': {
      return `reconnecting  attempt ${state.attempt}: ${state.reason}`;
    }

    case 'untrusted': {
      return `untrusted not started: ${state.reason ?? 'this folder is not trusted'}`;
    }
  }
}

function jsonRecord(item: McpServerStatus) {
  const {state} = item;
  return {
    name: item.name,
    source: item.source,
    transport: item.transport,
    status: state.status,
    toolCount: state.status === 'ready' ? state.toolCount : item.tools.length,
    bootMs: state.status === 'ready' ? state.bootMs : null,
    reason: state.status === 'failed' || state.status === 'reconnecting' || state.status === 'untrusted' ? (state.reason ?? null) : null,
    tools: item.tools,
  };
}

function table(list: McpServerStatus[]): string {
  // Server names come from `.mcp.json` too: shown with control and invisible characters made visible.
  const names = list.map(item => visibleText(item.name));
  const nameWidth = Math.max(...names.map(name => name.length));
  return list.map((item, index) => `${names[index]!.padEnd(nameWidth)}  ${item.transport.padEnd(5)}  ${item.source.padEnd(7)}  ${stateText(item)}`).join('\n');
}

async function listServers(flags: {json?: boolean}): Promise<void> {
  const {resolveConfig} = await import('../config/index.js');
  const config = resolveConfig({});
  for (const problem of config.mcp.problems) {
    process.stderr.write(`alex: ${visibleText(problem)}\n`);
  }

  if (config.mcp.servers.length === 0) {
    process.stdout.write(flags.json ? '[]\n' : `No MCP servers configured: add "mcpServers" to ${config.settingsFile} or to .mcp.json in this folder.\n`);
    return;
  }

  const {startMcpServers} = await import('../mcp/index.js');
  const {childEnvironment} = await import('../tools/child-env.js');
  const servers = startMcpServers({servers: config.mcp.servers, workspace: config.workspace, dataDir: config.dataDir, env: childEnvironment(process.env, config.apiKey)});
  try {
    await servers.settle(listWaitMs);
    const list = servers.list();
    process.stdout.write(flags.json ? `${JSON.stringify(list.map(item => jsonRecord(item)), null, 2)}\n` : `${table(list)}\n`);
  } finally {
    await servers.close();
  }
}

/** `alex mcp list [--json]`: each configured server, its state, tool count and boot time. */
export function addMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('MCP servers')
    .command('list')
    .option('--json', 'print a JSON array')
    .description('start the configured MCP servers and show their state, tool count and boot time')
    .action(listServers);
}
