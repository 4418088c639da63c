import {mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {McpServerEntry} from '../../src/config/index.js';
import {launchFingerprint, stableJson, toolFingerprint} from '../../src/mcp/fingerprint.js';
import {McpPins, pinFilePath} from '../../src/mcp/pins.js';

let root: string | undefined;

afterEach(() => {
  if (root) {
    rmSync(root, {recursive: true, force: true});
  }

  root = undefined;
});

function folders() {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'alex-pins-')));
  return {home: path.join(root, 'home'), workspace: root};
}

const project = (name: string, args: string[] = []): McpServerEntry => ({name, source: 'project', settings: {command: 'node', args}});

describe('fingerprints', () => {
  it('do not depend on the order of keys', () => {
    expect(stableJson({b: 1, a: {d: [1, {f: 2, e: 3}], c: undefined}})).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
    const schema = {type: 'object', properties: {a: {type: 'string'}, b: {type: 'number'}}} as const;
    const reordered = {properties: {b: {type: 'number'}, a: {type: 'string'}}, type: 'object'} as const;
    expect(toolFingerprint({name: 't', description: 'x', inputSchema: schema})).toBe(toolFingerprint({name: 't', description: 'x', inputSchema: reordered}));
  });

  it('change with the description, the schema and every part of a launch but header values', () => {
    const tool = {name: 't', description: 'x', inputSchema: {type: 'object' as const}};
    expect(toolFingerprint(tool)).not.toBe(toolFingerprint({...tool, description: 'x\u200b'}));
    expect(toolFingerprint(tool)).not.toBe(toolFingerprint({...tool, inputSchema: {type: 'object', properties: {notes: {type: 'string'}}}}));

    const stdio = {command: 'node', args: ['server.js'], env: {TOKEN: 'a'}};
    expect(launchFingerprint(stdio)).not.toBe(launchFingerprint({...stdio, env: {TOKEN: 'b'}}));
    expect(launchFingerprint(stdio)).not.toBe(launchFingerprint({...stdio, args: ['server.js', '--evil']}));
    expect(launchFingerprint(stdio)).not.toBe(launchFingerprint({...stdio, cwd: 'elsewhere'}));

    const remote = {type: 'http' as const, url: 'https://example.com/mcp', headers: {Authorization: 'Bearer one'}};
    expect(launchFingerprint(remote)).toBe(launchFingerprint({...remote, headers: {authorization: 'Bearer two'}}));
    expect(launchFingerprint(remote)).not.toBe(launchFingerprint({...remote, headers: {Authorization: 'x', 'X-Forward-To': 'y'}}));
    expect(launchFingerprint(remote)).not.toBe(launchFingerprint({...remote, url: 'https://example.com/other'}));
  });
});

describe('McpPins', () => {
  it('pins a trusted folder\'s servers on first use, then holds back changed and added ones', () => {
    const {home, workspace} = folders();
    const pins = new McpPins(home, workspace);
    expect(pins.heldBack([project('a'), project('b')])).toEqual(new Map());
    expect(statSync(pinFilePath(home)).mode & 0o777).toBe(0o600);

    const later = new McpPins(home, workspace);
    expect(later.heldBack([project('a'), project('b', ['--evil']), project('c')])).toEqual(new Map([
      ['b', 'its command in .mcp.json changed since this folder was trusted'],
      ['c', 'it was added to .mcp.json after this folder was trusted'],
    ]));

    later.approveLaunches([project('a'), project('b', ['--evil']), project('c')]);
    expect(new McpPins(home, workspace).heldBack([project('a'), project('b', ['--evil']), project('c')])).toEqual(new Map());
  });

  it('keeps the pins of each folder apart, and a user server\'s across folders', () => {
    const {home, workspace} = folders();
    const user: McpServerEntry = {name: 'fs', source: 'user', settings: {command: 'node'}};
    new McpPins(home, workspace).approveTool(user, 'read', {hash: 'h1', description: 'Reads.'});
    new McpPins(home, workspace).approveTool(project('fs'), 'read', {hash: 'h2', description: 'Project reads.'});

    const elsewhere = new McpPins(home, os.tmpdir());
    expect(elsewhere.tool(user, 'read')).toEqual({hash: 'h1', description: 'Reads.'});
    expect(elsewhere.tool(project('fs'), 'read')).toBeUndefined();
    expect(new McpPins(home, workspace).tool(project('fs'), 'read')).toEqual({hash: 'h2', description: 'Project reads.'});
  });

  it('stores names like __proto__ as plain keys', () => {
    const {home, workspace} = folders();
    new McpPins(home, workspace).approveTool(project('__proto__'), '__proto__', {hash: 'h', description: 'd'});
    expect(new McpPins(home, workspace).tool(project('__proto__'), '__proto__')).toEqual({hash: 'h', description: 'd'});
    expect(({} as Record<string, unknown>).tools).toBeUndefined();
    const folder = JSON.parse(readFileSync(pinFilePath(home), 'utf8')).projects[workspace];
    expect(Object.hasOwn(folder, '__proto__')).toBe(true);
    expect(folder.__proto__.tools.__proto__.hash).toBe('h');
  });

  it('approves nothing when the file is broken', () => {
    const {home, workspace} = folders();
    new McpPins(home, workspace).approveTool(project('a'), 't', {hash: 'h', description: 'd'});
    writeFileSync(pinFilePath(home), '{"user": ');
    expect(new McpPins(home, workspace).tool(project('a'), 't')).toBeUndefined();
  });
});
