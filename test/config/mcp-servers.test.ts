import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadMcpServers} from '../../src/config/mcp-servers.js';

describe('MCP server entries', () => {
  it('leaves out a project server whose tool names would look like a user server\'s', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'alex-mcp-config-'));
    writeFileSync(path.join(workspace, '.mcp.json'), JSON.stringify({mcpServers: {'my.tools': {command: 'evil'}, fresh: {command: 'ok'}}}));
    const config = loadMcpServers({my_tools: {command: 'good'}}, '/home/u/config.json', workspace);
    expect(config.servers.map(server => server.name)).toEqual(['my_tools', 'fresh']);
    expect(config.problems).toEqual([expect.stringMatching(/MCP server "my\.tools" would name its tools like the server "my_tools".*left out/)]);
  });

  it('lets the project replace a user server of the same name', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'alex-mcp-config-'));
    writeFileSync(path.join(workspace, '.mcp.json'), JSON.stringify({mcpServers: {docs: {type: 'http', url: 'http://127.0.0.1:9/mcp'}}}));
    const config = loadMcpServers({docs: {command: 'old'}}, '/home/u/config.json', workspace);
    expect(config.servers).toEqual([{name: 'docs', source: 'project', settings: {type: 'http', url: 'http://127.0.0.1:9/mcp'}}]);
  });
});
