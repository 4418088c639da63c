import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {recordFolderTrust} from '../../src/mcp/trust.js';
import {everythingBin, fixturesDir, isAlive, loggedPids} from '../helpers/mcp.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

const everything = {command: process.execPath, args: [everythingBin, 'stdio']};
const fixture = (script: string, extra: Record<string, unknown> = {}) => ({command: process.execPath, args: [path.join(fixturesDir, script)], ...extra});

function writeSettings(home: string, mcpServers: Record<string, unknown>): void {
  mkdirSync(home, {recursive: true});
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({mcpServers}));
}

function toolNames(request: {body: {tools?: Array<{function: {name: string}}>}}): string[] {
  return (request.body.tools ?? []).map(tool => tool.function.name);
}

describe('MCP in headless runs', () => {
  it('passes an MCP tool result to the next model request unchanged', async () => {
    repo = tempRepo();
    writeSettings(repo.home, {everything});
    fake = await startFakeModel([{toolCalls: [{name: 'mcp__everything__echo', arguments: {message: 'ping through MCP'}}]}, {text: 'The server said pong.'}]);

    const result = await runAlex(['--yolo', 'ask the echo server'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('The server said pong.');
    expect(toolNames(fake.requests[0]!)).toContain('mcp__everything__echo');
    expect(toolNames(fake.requests[0]!)).toContain('read_file');
    const toolMessage = fake.requests[1]!.body.messages.at(-1);
    expect(toolMessage).toMatchObject({role: 'tool', content: 'Echo: ping through MCP'});
  });

  it('refuses an MCP tool call under ask approval, since a headless run cannot ask', async () => {
    repo = tempRepo();
    writeSettings(repo.home, {everything});
    fake = await startFakeModel([{toolCalls: [{name: 'mcp__everything__echo', arguments: {message: 'hi'}}]}, {text: 'ok'}]);

    const result = await runAlex(['ask the echo server'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.exitCode).toBe(0);
    expect(fake.requests[1]!.body.messages.at(-1).content).toMatch(/^Not run: mcp__everything__echo calls the MCP tool mcp__everything__echo/);
  });

  it('goes on without a server still starting after 2 s, adds its tools once it is ready, and leaves no process behind', async () => {
    repo = tempRepo();
    const log = path.join(repo.home, 'fixture.log');
    writeSettings(repo.home, {slow: fixture('slow-boot.js', {env: {SLOW_BOOT_MS: '3500', FIXTURE_LOG: log}}), everything});
    fake = await startFakeModel([{toolCalls: [{name: 'todo_write', arguments: {todos: [{content: 'wait', status: 'in_progress'}]}}], delayMs: 2500}, {text: 'done'}]);

    const started = Date.now();
    const result = await runAlex(['--yolo', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(9000);
    const [first, second] = fake.requests.map(request => toolNames(request));
    expect(first).toContain('mcp__everything__echo');
    expect(first).not.toContain('mcp__slow__ping');
    expect(second).toContain('mcp__slow__ping');
    const pids = loggedPids(log, 'started');
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('prints one line per broken MCP entry and runs with the others', async () => {
    repo = tempRepo({'.mcp.json': '{"mcpServers": {"bad": {"type": "sse"}}'});
    writeSettings(repo.home, {everything, nameless: {args: ['x']}, crashing: fixture('crash-at-start.js')});
    fake = await startFakeModel([{text: 'fine'}]);

    const result = await runAlex(['--yolo', 'hello'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('fine');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`alex: ${path.join(repo.home, 'config.json')}: MCP server "nameless": expected "command" to be a non-empty string; it is left out`);
    expect(lines[1]).toMatch(new RegExp(`^alex: .*${path.join(repo.dir, '.mcp.json').replaceAll('/', '\\/')}.*; its MCP servers are left out$`));
    expect(lines[2]).toBe('alex: MCP server "crashing" failed: exited with code 3: starting crash-at-start | fatal: DATABASE_URL is not set');
    expect(toolNames(fake.requests[0]!)).toContain('mcp__everything__echo');
  });

  it('starts the servers of .mcp.json only in a trusted folder or under --yolo', async () => {
    repo = tempRepo();
    const log = path.join(repo.home, 'fixture.log');
    writeFileSync(path.join(repo.dir, '.mcp.json'), JSON.stringify({mcpServers: {project: fixture('slow-boot.js', {env: {SLOW_BOOT_MS: '0', FIXTURE_LOG: log}})}}));
    fake = await startFakeModel([{text: 'one'}, {text: 'two'}, {text: 'three'}]);

    const untrusted = await runAlex(['--approval', 'auto-edit', 'hello'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    expect(untrusted.exitCode).toBe(0);
    expect(untrusted.stderr).toBe('alex: MCP server "project" of .mcp.json was not started: this folder is not trusted. Trust it when alex asks in a terminal, or run with --yolo.');
    expect(loggedPids(log)).toEqual([]);
    expect(toolNames(fake.requests[0]!)).not.toContain('mcp__project__ping');

    const yolo = await runAlex(['--yolo', 'hello'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    expect(yolo.stderr).toBe('');
    expect(toolNames(fake.requests[1]!)).toContain('mcp__project__ping');

    recordFolderTrust(repo.home, repo.dir, true);
    const trusted = await runAlex(['hello'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
    expect(trusted.stderr).toBe('');
    expect(toolNames(fake.requests[2]!)).toContain('mcp__project__ping');
  });
});

describe('alex mcp list', () => {
  it('shows each server with its state, tool count and boot time as JSON', async () => {
    repo = tempRepo({'.mcp.json': JSON.stringify({mcpServers: {project: fixture('hang.js')}})});
    writeSettings(repo.home, {everything, crashing: fixture('crash-at-start.js')});

    const result = await runAlex(['mcp', 'list', '--json'], {cwd: repo.dir, home: repo.home});

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const list = JSON.parse(result.stdout);
    expect(list.map((item: {name: string}) => item.name)).toEqual(['everything', 'crashing', 'project']);
    expect(list[0]).toMatchObject({source: 'user', transport: 'stdio', status: 'ready', reason: null});
    expect(list[0].toolCount).toBeGreaterThan(5);
    expect(list[0].bootMs).toBeGreaterThan(0);
    expect(list[0].tools).toContain('mcp__everything__echo');
    expect(list[1]).toMatchObject({status: 'failed', toolCount: 0, bootMs: null, reason: 'exited with code 3: starting crash-at-start | fatal: DATABASE_URL is not set'});
    expect(list[2]).toMatchObject({source: 'project', status: 'untrusted', tools: []});
  });

  it('prints a table, and says so when no server is configured', async () => {
    repo = tempRepo();
    const none = await runAlex(['mcp', 'list'], {cwd: repo.dir, home: repo.home});
    expect(none.stdout).toBe(`No MCP servers configured: add "mcpServers" to ${path.join(repo.home, 'config.json')} or to .mcp.json in this folder.`);

    // After a first run, a server added by hand waits for confirmation; alex config set needs none.
    await runAlex(['config', 'set', 'mcpServers', JSON.stringify({quick: fixture('hang.js')})], {cwd: repo.dir, home: repo.home});
    const result = await runAlex(['mcp', 'list'], {cwd: repo.dir, home: repo.home});
    expect(result.stdout).toMatch(/^quick {2}stdio {2}user {5}ready {5}2 tools, booted in \d+\.\d s$/);
  });
});
