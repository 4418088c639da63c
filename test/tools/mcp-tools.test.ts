import {afterEach, describe, expect, it} from 'vitest';
import {McpToolSource} from '../../src/tools/mcp-tools.js';
import {ToolRegistry} from '../../src/tools/registry.js';
import {validate, type Schema} from '../../src/tools/validate.js';
import {everythingBin, mcpHarness, nodeServer, stateOf, until, type Harness} from '../helpers/mcp.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('McpToolSource', () => {
  it('adds a server\'s tools to the registry once it is ready, after the builtin tools', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('quick', 'hang.js')]);
    const registry = new ToolRegistry();
    registry.addSource(new McpToolSource(servers));
    const builtinCount = registry.specs().length;
    expect(registry.specs().some(spec => spec.name.startsWith('mcp__'))).toBe(false);

    await until(servers, () => stateOf(servers, 'quick').status === 'ready');
    const names = registry.specs().map(spec => spec.name);
    expect(names.slice(builtinCount)).toEqual(['mcp__quick__echo', 'mcp__quick__hang']);
    expect(registry.get('mcp__quick__echo')!.spec.parameters).toEqual({type: 'object', properties: {message: {type: 'string'}}, required: ['message']});
  });

  it('runs a call with the turn\'s signal and gives a one-line summary', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('quick', 'hang.js')]);
    const registry = new ToolRegistry();
    registry.addSource(new McpToolSource(servers));
    await until(servers, () => stateOf(servers, 'quick').status === 'ready');

    const context = {workspace: harness.dir, signal: new AbortController().signal, env: {}};
    const result = await registry.get('mcp__quick__echo')!.run({message: 'a\nb'}, context);
    expect(result).toEqual({content: 'a\nb', isError: false, summary: '2 lines'});
  });

  it('returns the same tools between changes, so asking before every request costs nothing', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('everything', everythingBin, {args: ['stdio']})]);
    const source = new McpToolSource(servers);
    await until(servers, () => stateOf(servers, 'everything').status === 'ready');

    expect(source.tools()).toBe(source.tools());
    for (const tool of source.tools()) {
      expect(tool.spec.name).toMatch(/^mcp__everything__[a-zA-Z0-9_-]+$/);
      expect(validate(tool.spec.parameters as Schema, {})).toBeInstanceOf(Array);
    }
  });
});

describe('validate with MCP schemas', () => {
  it('accepts a value of any of several types', () => {
    expect(validate({type: 'object', properties: {limit: {type: ['integer', 'null']}}}, {limit: null})).toEqual([]);
    expect(validate({type: 'object', properties: {limit: {type: ['integer', 'null']}}}, {limit: 'ten'})).toEqual(['limit must be one of the types integer, null, not string']);
  });
});
