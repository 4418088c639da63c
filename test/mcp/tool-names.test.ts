import {describe, expect, it} from 'vitest';
import {ToolNames} from '../../src/mcp/tool-names.js';

describe('ToolNames', () => {
  it('names a tool mcp__<server>__<tool>', () => {
    expect(new ToolNames().nameFor('everything', 'echo')).toBe('mcp__everything__echo');
  });

  it('replaces characters model APIs refuse with underscores', () => {
    expect(new ToolNames().nameFor('my.server', 'read file/v2')).toBe('mcp__my_server__read_file_v2');
  });

  it('cuts names to 64 characters', () => {
    const name = new ToolNames().nameFor('server', 'x'.repeat(100));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^mcp__server__x+$/);
  });

  it('adds a short hash when two tools would get the same name', () => {
    const names = new ToolNames();
    const first = names.nameFor('a.b', 'tool');
    const second = names.nameFor('a_b', 'tool');
    expect(first).toBe('mcp__a_b__tool');
    expect(second).toMatch(/^mcp__a_b__tool_[0-9a-f]{6}$/);
  });

  it('tells apart long names that share their first 64 characters', () => {
    const names = new ToolNames();
    const first = names.nameFor('server', `${'x'.repeat(70)}_one`);
    const second = names.nameFor('server', `${'x'.repeat(70)}_two`);
    expect(first).not.toBe(second);
    expect(second).toHaveLength(64);
    expect(second).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  it('keeps a name once given, whatever comes later', () => {
    const names = new ToolNames();
    const first = names.nameFor('a_b', 'tool');
    names.nameFor('a.b', 'tool');
    expect(names.nameFor('a_b', 'tool')).toBe(first);
  });

  it('never puts __ inside the server part, so a server cannot take another server\'s prefix', () => {
    const names = new ToolNames();
    expect(names.nameFor('a__b', 'c')).toBe('mcp__a_b__c');
    expect(names.nameFor('a', 'b__c')).toBe('mcp__a__b__c');
  });
});
