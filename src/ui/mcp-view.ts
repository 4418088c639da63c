// How MCP servers' states read for people, in `alex mcp list` and the TUI's `/mcp`.
import type {McpServerStatus} from '../mcp/index.js';
import {visibleText} from '../terminal-text.js';

function stateText(item: McpServerStatus): string {
  const {state} = item;
  switch (state.status) {
    case 'ready': {
      const tools = state.toolCount === 1 ? '1 tool' : `${state.toolCount} tools`;
      return `ready     ${tools}, booted in ${(state.bootMs / 1000).toFixed(1)} s`;
    }

    case 'failed': {
      return `failed    ${state.reason}${state.retryAt ? ' (retrying)' : ''}`;
    }

    case 'starting': {
      return `starting  for ${Math.max(0, (Date.now() - state.since) / 1000).toFixed(1)} s`;
    }

    case 'reconnecting': {
      return `reconnecting  attempt ${state.attempt}: ${state.reason}`;
    }

    case 'untrusted': {
      return `untrusted not started: ${state.reason ?? 'this folder is not trusted'}`;
    }
  }
}

/** One server as `alex mcp list --json` prints it. */
export function mcpJsonRecord(item: McpServerStatus) {
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

/** One line per server: name, transport, source, state; `alex mcp list` and `/mcp` print it. */
export function mcpTable(list: McpServerStatus[]): string {
  // Server names come from `.mcp.json` too: shown with control and invisible characters made visible.
  const names = list.map(item => visibleText(item.name));
  const nameWidth = Math.max(...names.map(name => name.length));
  return list.map((item, index) => `${names[index]!.padEnd(nameWidth)}  ${item.transport.padEnd(5)}  ${item.source.padEnd(7)}  ${stateText(item)}`).join('\n');
}
