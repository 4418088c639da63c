import {McpServers, type McpServersOptions} from './servers.js';

export {McpServers, type McpServersOptions} from './servers.js';
export {pinFilePath} from './pins.js';
export {folderTrust, recordFolderTrust, trustFilePath, type FolderTrust} from './trust.js';
export type {ApprovedTool, McpCallResult, McpServerState, McpServerStatus, McpToolDescriptor, McpTransportKind} from './types.js';

/** Creates the servers of this run and starts those that may run, in the background. */
export function startMcpServers(options: McpServersOptions): McpServers {
  return new McpServers(options).start();
}
