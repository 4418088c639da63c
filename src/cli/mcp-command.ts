import {once} from 'node:events';
import type {Command} from 'commander';
import {exitCodes} from '../errors.js';
import {visibleText} from '../terminal-text.js';
import {mcpJsonRecord, mcpTable} from '../ui/mcp-view.js';
import {handleStopSignals, signalExitCodes, type StopSignal} from '../stop-signals.js';

/** How long `alex mcp list` waits for servers still starting before it reports them as starting. */
const listWaitMs = 10_000;

/** Lists the servers and returns the exit status: 130, 143 or 129 when a signal stopped the wait. */
async function listServers(flags: {json?: boolean}): Promise<number> {
  const {resolveConfig} = await import('../config/index.js');
  const config = resolveConfig({});
  if (config.settingsReview) {
    const {heldBackLine} = await import('../config/confirmation.js');
    process.stderr.write(`alex: warning: ${visibleText(heldBackLine(config.settingsReview))}\n`);
  }

  for (const problem of config.mcp.problems) {
    process.stderr.write(`alex: ${visibleText(problem)}\n`);
  }

  if (config.mcp.servers.length === 0) {
    process.stdout.write(flags.json ? '[]\n' : `No MCP servers configured: add "mcpServers" to ${config.settingsFile} or to .mcp.json in this folder.\n`);
    return exitCodes.ok;
  }

  const {startMcpServers} = await import('../mcp/index.js');
  const {childEnvironment} = await import('../tools/child-env.js');
  const stopped = new AbortController();
  // Ctrl+C stops the wait and closes the servers; a second signal kills them outright.
  const signals = handleStopSignals(signal => stopped.abort(signal));
  const servers = startMcpServers({servers: config.mcp.servers, workspace: config.workspace, dataDir: config.dataDir, env: childEnvironment(process.env, config.apiKey)});
  try {
    await Promise.race([servers.settle(listWaitMs), once(stopped.signal, 'abort')]);
    if (stopped.signal.aborted) {
      return signalExitCodes[stopped.signal.reason as StopSignal];
    }

    const list = servers.list();
    process.stdout.write(flags.json ? `${JSON.stringify(list.map(item => mcpJsonRecord(item)), null, 2)}\n` : `${mcpTable(list)}\n`);
    return exitCodes.ok;
  } finally {
    signals.closing();
    await servers.close();
    signals.dispose();
  }
}

/** `alex mcp list [--json]`: each configured server, its state, tool count and boot time. */
export function addMcpCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('mcp')
    .description('MCP servers')
    .command('list')
    .option('--json', 'print a JSON array')
    .description('start the configured MCP servers and show their state, tool count and boot time')
    .action(async (flags: {json?: boolean}) => setExit(await listServers(flags)));
}
