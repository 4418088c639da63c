import type {RunConfig} from '../config/index.js';
import type {McpServers} from '../mcp/index.js';
import {inertText, visibleText} from '../terminal-text.js';

/** Headless runs wait for servers still starting until this long after alex started, in ms. */
export const headlessMcpWaitMs = 2000;

/** What is left of the headless wait for MCP servers: 2 s in all, counted from alex's start. */
export function mcpWaitLeft(): number {
  return Math.max(0, headlessMcpWaitMs - performance.now());
}

/**
 * Tells a headless run's stderr, one line each, what is wrong with the MCP setup: broken entries
 * of settings or `.mcp.json`, project servers left out because the folder is not trusted or their
 * entry changed since it was, and each
 * server's first failure as it happens. Returns the function that stops listening.
 */
export function reportMcp(config: RunConfig, servers: McpServers | undefined, stream: NodeJS.WritableStream): () => void {
  for (const problem of config.mcp.problems) {
    stream.write(`alex: ${visibleText(problem)}\n`);
  }

  if (!servers) {
    return () => undefined;
  }

  const listed = servers.list();
  const untrusted = listed.filter(item => item.state.status === 'untrusted' && item.state.reason === undefined);
  if (untrusted.length > 0) {
    const names = untrusted.map(item => `"${visibleText(item.name)}"`).join(', ');
    const subject = untrusted.length === 1 ? `MCP server ${names} of .mcp.json was` : `MCP servers ${names} of .mcp.json were`;
    stream.write(`alex: ${subject} not started: this folder is not trusted. Trust it when alex asks in a terminal, or run with --yolo.\n`);
  }

  for (const item of listed) {
    if (item.state.status === 'untrusted' && item.state.reason !== undefined) {
      stream.write(`alex: MCP server "${visibleText(item.name)}" of .mcp.json was not started: ${inertText(item.state.reason)}. Trust the folder again when alex asks in a terminal, or run with --yolo.\n`);
    }
  }

  const reported = new Set<string>();
  const report = () => {
    for (const item of servers.list()) {
      if (item.state.status === 'failed' && !reported.has(item.name)) {
        reported.add(item.name);
        stream.write(`alex: MCP server "${visibleText(item.name)}" failed: ${inertText(item.state.reason)}\n`);
      }
    }
  };

  report();
  return servers.subscribe(report);
}
