import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {recordFolderTrust} from '../../src/mcp/trust.js';
import {everythingBin, fixturesDir, isAlive, loggedPids, waitFor} from '../helpers/mcp.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
/** Fixture processes a failing test may have left; killed so that they do not outlive the suite. */
const strays: number[] = [];

afterEach(async () => {
  for (const pid of strays.splice(0).filter(pid => isAlive(pid))) {
    process.kill(pid, 'SIGKILL');
  }

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

/** A server behind a launcher, both ignoring the end of stdin and SIGTERM: only a SIGKILL of their process group stops them. */
const stubbornBehindWrapper = (log: string) => ({command: process.execPath, args: [path.join(fixturesDir, 'through-wrapper.js'), path.join(fixturesDir, 'stubborn.js')], env: {FIXTURE_LOG: log}});

/** The pids of the wrapper and of the server it started, once both have written them. */
async function stubbornPids(log: string): Promise<number[]> {
  const pids = () => loggedPids(log, 'wrapper').concat(loggedPids(log, 'stubborn'));
  await waitFor(() => pids().length === 2);
  strays.push(...pids());
  expect(pids().every(pid => isAlive(pid))).toBe(true);

  return pids();
}

/** Waits a little for the processes to go: the kernel takes a moment to end a killed process. */
async function expectAllGone(pids: number[]): Promise<void> {
  await waitFor(() => pids.every(pid => !isAlive(pid)), 3000).catch(() => undefined);
  expect(pids.filter(pid => isAlive(pid))).toEqual([]);
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

describe('MCP server processes when alex ends', () => {
  it('leaves no process of a server\'s group after a run that ends normally', async () => {
    repo = tempRepo();
    const log = path.join(repo.home, 'fixture.log');
    writeSettings(repo.home, {wrapped: stubbornBehindWrapper(log)});
    fake = await startFakeModel([{text: 'done'}]);

    const result = await runAlex(['--yolo', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.exitCode).toBe(0);
    expect(toolNames(fake.requests[0]!)).toContain('mcp__wrapped__echo');
    const pids = loggedPids(log, 'wrapper').concat(loggedPids(log, 'stubborn'));
    strays.push(...pids);
    expect(pids).toHaveLength(2);
    await expectAllGone(pids);
  });

  for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`kills a server's whole group at once on a second ${signal} while it is being stopped, and exits with ${status}`, async () => {
      repo = tempRepo();
      const log = path.join(repo.home, 'fixture.log');
      writeSettings(repo.home, {wrapped: stubbornBehindWrapper(log)});
      fake = await startFakeModel([{text: 'never sent', delayMs: 60_000}]);
      const child = runAlex(['--yolo', 'go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});
      const pids = await stubbornPids(log);
      await waitFor(() => fake!.requests.length === 1);

      // The first signal ends the run and starts the stop of the servers, which takes about 2 s
      // for this one; the second comes in the middle of it.
      child.kill(signal);
      await new Promise(resolve => setTimeout(resolve, 300));
      child.kill(signal);
      const result = await child;

      await expectAllGone(pids);
      expect(result.signal).toBeUndefined();
      expect(result.exitCode).toBe(status);
    });
  }
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

  it('closes the servers on SIGINT while it waits for them, leaving no process of their groups, and exits with 130', async () => {
    repo = tempRepo();
    const log = path.join(repo.home, 'fixture.log');
    // The mute server keeps the list waiting for its 10 s.
    writeSettings(repo.home, {wrapped: stubbornBehindWrapper(log), mute: fixture('never-initializes.js')});
    const child = runAlex(['mcp', 'list'], {cwd: repo.dir, home: repo.home});
    const pids = await stubbornPids(log);

    child.kill('SIGINT');
    const result = await child;

    await expectAllGone(pids);
    expect(result.signal).toBeUndefined();
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toBe('');
  });
});
