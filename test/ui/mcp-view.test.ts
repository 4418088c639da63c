import {describe, expect, it} from 'vitest';
import type {McpServerStatus} from '../../src/mcp/index.js';
import {mcpTable} from '../../src/ui/mcp-view.js';

function ready(name: string, toolCount: number): McpServerStatus {
  return {name, source: 'user', transport: 'stdio', state: {status: 'ready', toolCount, bootMs: 1200}, tools: []};
}

describe('mcpTable', () => {
  it('says "tool" for one tool and "tools" for any other count', () => {
    const lines = mcpTable([ready('one', 1), ready('two', 2), ready('none', 0)]).split('\n');

    expect(lines).toEqual([
      'one   stdio  user     ready     1 tool, booted in 1.2 s',
      'two   stdio  user     ready     2 tools, booted in 1.2 s',
      'none  stdio  user     ready     0 tools, booted in 1.2 s',
    ]);
  });
});
