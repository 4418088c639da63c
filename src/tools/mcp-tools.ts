import type {RunConfig} from '../config/index.js';
import type {McpServers, McpToolDescriptor} from '../mcp/index.js';
import {visibleText} from '../terminal-text.js';
import {childEnvironment} from './child-env.js';
import type {ToolRegistry, ToolSource} from './registry.js';
import type {Tool, ToolPin, ToolResult} from './types.js';

function summary(result: ToolResult): string {
  if (result.isError) {
    return result.content.split('\n', 1)[0]!.slice(0, 120);
  }

  const lines = result.content.split('\n').length;
  return lines === 1 ? '1 line' : `${lines} lines`;
}

function pinOf(descriptor: McpToolDescriptor): ToolPin {
  return {
    change() {
      const before = descriptor.approved();
      if (before === undefined || before.hash === descriptor.fingerprint) {
        return undefined;
      }

      // Stored made visible already; made visible again in case the file was edited by hand.
      return {previousDescription: visibleText(before.description), description: descriptor.description};
    },
    approve: () => descriptor.approve(),
  };
}

/** One MCP tool as a `Tool`: approval treats it as external (asked under ask and auto-edit). */
function asTool(descriptor: McpToolDescriptor): Tool {
  return {
    spec: {
      name: descriptor.name,
      description: descriptor.description || `Tool ${descriptor.tool} of the MCP server ${descriptor.server}.`,
      parameters: descriptor.inputSchema,
    },
    readOnly: descriptor.readOnly,
    access: () => ({kind: 'none'}),
    pin: pinOf(descriptor),
    async run(input, context) {
      const result: ToolResult = await descriptor.call(input, {signal: context.signal});
      return {...result, summary: summary(result)};
    },
  };
}

/** The tools of the run's MCP servers as the registry asks for them before every model request. */
export class McpToolSource implements ToolSource {
  private lastDescriptors: McpToolDescriptor[] | undefined;
  private lastTools: Tool[] = [];

  constructor(private readonly servers: McpServers) {}

  tools(): Tool[] {
    const descriptors = this.servers.tools();
    if (descriptors !== this.lastDescriptors) {
      this.lastDescriptors = descriptors;
      this.lastTools = descriptors.map(descriptor => asTool(descriptor));
    }

    return this.lastTools;
  }
}

/**
 * Starts the configured MCP servers in the background and adds their tools to `registry`.
 * Returns undefined, without loading the MCP SDK, when no server is configured. Project servers
 * start when the folder was trusted before, or under yolo approval.
 */
export async function startMcpTools(config: RunConfig, registry: ToolRegistry): Promise<McpServers | undefined> {
  if (config.mcp.servers.length === 0) {
    return undefined;
  }

  const {startMcpServers} = await import('../mcp/index.js');
  const servers = startMcpServers({
    servers: config.mcp.servers,
    workspace: config.workspace,
    dataDir: config.dataDir,
    env: childEnvironment(process.env, config.apiKey),
    trustProject: config.approval === 'yolo',
  });
  registry.addSource(new McpToolSource(servers));

  return servers;
}
