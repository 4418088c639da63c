import {getEventListeners} from 'node:events';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {everythingBin, filesystemBin, freePort, isAlive, loggedPids, mcpHarness, nodeServer, startEverythingRemote, stateOf, toolNamed, until, waitFor, type Harness} from '../helpers/mcp.js';

let harness: Harness;
const stops: Array<() => unknown> = [];

afterEach(async () => {
  await harness?.cleanup();
  for (const stop of stops.splice(0)) {
    await stop();
  }
});

const noSignal = () => new AbortController().signal;

describe('McpServers with real servers', () => {
  it('boots server-everything over stdio in the background and calls its echo tool', async () => {
    harness = mcpHarness();
    const started = performance.now();
    const servers = harness.open([nodeServer('everything', everythingBin, {args: ['stdio']})]);
    expect(performance.now() - started).toBeLessThan(50);
    expect(stateOf(servers, 'everything').status).toBe('starting');
    expect(servers.tools()).toEqual([]);

    await until(servers, () => stateOf(servers, 'everything').status === 'ready');
    const state = stateOf(servers, 'everything');
    expect(state).toMatchObject({status: 'ready', toolCount: servers.tools().length});
    expect(state.status === 'ready' && state.bootMs).toBeGreaterThan(0);
    const result = await toolNamed(servers, 'mcp__everything__echo').call({message: 'hello'}, {signal: noSignal()});
    expect(result).toEqual({content: 'Echo: hello', isError: false});
  });

  it('reaches server-everything over SSE and over Streamable HTTP', async () => {
    harness = mcpHarness();
    const sse = await startEverythingRemote('sse');
    const http = await startEverythingRemote('streamableHttp');
    stops.push(() => sse.child.kill(), () => http.child.kill());
    const servers = harness.open([
      {name: 'over-sse', source: 'user', settings: {type: 'sse', url: sse.url}},
      {name: 'over-http', source: 'user', settings: {type: 'http', url: http.url}},
    ]);

    await until(servers, () => servers.list().every(item => item.state.status === 'ready'));
    for (const name of ['mcp__over-sse__echo', 'mcp__over-http__echo']) {
      const result = await toolNamed(servers, name).call({message: name}, {signal: noSignal()});
      expect(result.content).toBe(`Echo: ${name}`);
    }
  });

  for (const transport of ['sse', 'streamableHttp'] as const) {
    it(`reconnects to server-everything over ${transport} after it restarts`, async () => {
      harness = mcpHarness();
      const first = await startEverythingRemote(transport);
      stops.push(() => first.child.kill());
      const type = transport === 'sse' ? 'sse' : 'http';
      const servers = harness.open([{name: 'remote', source: 'user', settings: {type, url: first.url}}]);
      await until(servers, () => stateOf(servers, 'remote').status === 'ready');

      first.child.kill();
      await until(servers, () => stateOf(servers, 'remote').status !== 'ready');
      expect(servers.tools()).toEqual([]);
      const second = await startEverythingRemote(transport, first.port);
      stops.push(() => second.child.kill());
      await until(servers, () => stateOf(servers, 'remote').status === 'ready', 20_000);
      const result = await toolNamed(servers, 'mcp__remote__echo').call({message: 'again'}, {signal: noSignal()});
      expect(result.content).toBe('Echo: again');
    }, 30_000);
  }

  it('describes images by MIME type and size instead of passing base64 on', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('everything', everythingBin, {args: ['stdio']})]);
    await until(servers, () => stateOf(servers, 'everything').status === 'ready');

    const result = await toolNamed(servers, 'mcp__everything__get-tiny-image').call({}, {signal: noSignal()});
    expect(result.content).toMatch(/\[image \(image\/png, \d+(\.\d)? (B|KB)\), not shown\]/);
    expect(result.content).not.toMatch(/[A-Za-z0-9+/]{200}/);
  });

  it('reads a file through server-filesystem', async () => {
    harness = mcpHarness();
    writeFileSync(path.join(harness.dir, 'notes.txt'), 'remember the milk\n');
    const servers = harness.open([nodeServer('fs', filesystemBin, {args: [harness.dir]})]);
    await until(servers, () => stateOf(servers, 'fs').status === 'ready');

    const read = servers.tools().find(tool => tool.name === 'mcp__fs__read_text_file') ?? toolNamed(servers, 'mcp__fs__read_file');
    const result = await read.call({path: path.join(harness.dir, 'notes.txt')}, {signal: noSignal()});
    expect(result).toEqual({content: 'remember the milk\n', isError: false});
  });
});

describe('McpServers over their lifetime', () => {
  it('leaves no listener on the turn\'s signal after its calls end', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('quick', 'hang.js')]);
    await until(servers, () => stateOf(servers, 'quick').status === 'ready');

    const turn = new AbortController();
    for (let index = 0; index < 20; index++) {
      await toolNamed(servers, 'mcp__quick__echo').call({message: String(index)}, {signal: turn.signal});
    }

    expect(getEventListeners(turn.signal, 'abort')).toEqual([]);
  });

  it('closes cleanly right after starting, before any server answered', async () => {
    harness = mcpHarness();
    const log = path.join(harness.dir, 'pids.log');
    const servers = harness.open([nodeServer('slow', 'slow-boot.js', {env: {SLOW_BOOT_MS: '100', FIXTURE_LOG: log}}), nodeServer('everything', everythingBin, {args: ['stdio']})]);
    await servers.close();

    expect(loggedPids(log, 'started').filter(pid => isAlive(pid))).toEqual([]);
  });
});

describe('McpServers with faulty servers', () => {
  it('marks a server that exits at start as failed with its exit code and stderr', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('broken', 'crash-at-start.js'), nodeServer('fine', 'hang.js')]);
    await until(servers, () => stateOf(servers, 'broken').status === 'failed' && stateOf(servers, 'fine').status === 'ready');

    expect(stateOf(servers, 'broken')).toEqual({status: 'failed', reason: 'exited with code 3: starting crash-at-start | fatal: DATABASE_URL is not set'});
    expect(servers.tools().map(tool => tool.name)).toEqual(['mcp__fine__echo', 'mcp__fine__hang']);
  });

  it('shows control characters of a server\'s stderr as inert text in its failure reason', async () => {
    harness = mcpHarness();
    const script = "process.stderr.write('\\u001b[31mno config\\u001b[0m\\nsecond line\\n'); process.exit(1)";
    const servers = harness.open([{name: 'colour', source: 'user', settings: {command: process.execPath, args: ['-e', script]}}]);
    await until(servers, () => stateOf(servers, 'colour').status === 'failed');

    expect(stateOf(servers, 'colour')).toEqual({status: 'failed', reason: 'exited with code 1: ^[[31mno config^[[0m | second line'});
  });

  it('reports a command that does not exist', async () => {
    harness = mcpHarness();
    const servers = harness.open([{name: 'nothing', source: 'user', settings: {command: 'alex-no-such-command-here'}}]);
    await until(servers, () => stateOf(servers, 'nothing').status === 'failed');

    expect(stateOf(servers, 'nothing')).toEqual({status: 'failed', reason: 'command not found: alex-no-such-command-here'});
  });

  it('gives up on a server that never answers initialize after its startup timeout and stops it', async () => {
    harness = mcpHarness();
    const log = path.join(harness.dir, 'pids.log');
    const servers = harness.open([nodeServer('mute', 'never-initializes.js', {startupTimeout: 500, env: {FIXTURE_LOG: log}})]);
    await until(servers, () => stateOf(servers, 'mute').status === 'failed');

    expect(stateOf(servers, 'mute')).toEqual({status: 'failed', reason: 'did not finish starting within 0.5 s'});
    // Failed is reported once the process is stopped, so it is gone by now.
    const pids = loggedPids(log, 'started');
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('tells the prompt when a slow server is still starting, and lists its tools once it is ready', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('slow', 'slow-boot.js', {env: {SLOW_BOOT_MS: '5000'}}), nodeServer('quick', 'hang.js')]);
    const started = performance.now();
    await servers.settle(2000);
    const waited = performance.now() - started;

    expect(waited).toBeGreaterThan(1900);
    expect(waited).toBeLessThan(2500);
    expect(stateOf(servers, 'slow').status).toBe('starting');
    expect(stateOf(servers, 'quick').status).toBe('ready');
    await until(servers, () => stateOf(servers, 'slow').status === 'ready');
    expect(performance.now() - started).toBeGreaterThan(4500);
    expect(servers.tools().map(tool => tool.name)).toContain('mcp__slow__ping');
  });

  it('skips lines on stdout that are not JSON-RPC', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('noisy', 'garbage-stdout.js')]);
    await until(servers, () => stateOf(servers, 'noisy').status === 'ready');

    const result = await toolNamed(servers, 'mcp__noisy__echo').call({message: 'still here'}, {signal: noSignal()});
    expect(result).toEqual({content: 'still here', isError: false});
  });

  it('drops a 50 MB line as an error of that one call and keeps the server', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('big', 'huge-line.js')]);
    await until(servers, () => stateOf(servers, 'big').status === 'ready');

    const huge = await toolNamed(servers, 'mcp__big__huge').call({}, {signal: noSignal()});
    expect(huge.isError).toBe(true);
    expect(huge.content).toMatch(/sent a message of 50\.0 MB, over alex's limit of 16\.0 MB; it was dropped/);
    const echo = await toolNamed(servers, 'mcp__big__echo').call({message: 'after'}, {signal: noSignal()});
    expect(echo).toEqual({content: 'after', isError: false});
    expect(stateOf(servers, 'big').status).toBe('ready');
  });

  it('times out a call that hangs while other calls to the same server go on', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('stuck', 'hang.js', {timeout: 300})]);
    await until(servers, () => stateOf(servers, 'stuck').status === 'ready');

    const hanging = toolNamed(servers, 'mcp__stuck__hang').call({}, {signal: noSignal()});
    const echo = await toolNamed(servers, 'mcp__stuck__echo').call({message: 'meanwhile'}, {signal: noSignal()});
    expect(echo.content).toBe('meanwhile');
    expect(await hanging).toEqual({content: 'MCP server "stuck" did not answer hang within 0.3 s; the call was cancelled.', isError: true});
  });

  it('cancels a call when the turn is aborted', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('stuck', 'hang.js')]);
    await until(servers, () => stateOf(servers, 'stuck').status === 'ready');

    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new DOMException('stopped', 'AbortError')), 100);
    await expect(toolNamed(servers, 'mcp__stuck__hang').call({}, {signal: controller.signal})).rejects.toMatchObject({name: 'AbortError'});
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stateOf(servers, 'stuck').status).toBe('ready');
  });

  it('reports a crash during a call, marks the server failed, and restarts it on the next call', async () => {
    harness = mcpHarness();
    const log = path.join(harness.dir, 'pids.log');
    const servers = harness.open([nodeServer('fragile', 'crash-mid-call.js', {env: {FIXTURE_LOG: log}}), nodeServer('other', 'hang.js')]);
    await until(servers, () => servers.list().every(item => item.state.status === 'ready'));

    const crash = await toolNamed(servers, 'mcp__fragile__crash').call({}, {signal: noSignal()});
    expect(crash).toEqual({content: 'MCP server "fragile" went away during the call to crash: exited with code 7: panic: index out of range.', isError: true});
    await until(servers, () => stateOf(servers, 'fragile').status === 'failed');
    expect(stateOf(servers, 'fragile')).toEqual({status: 'failed', reason: 'exited with code 7: panic: index out of range'});
    expect(stateOf(servers, 'other').status).toBe('ready');

    const echo = await toolNamed(servers, 'mcp__fragile__echo').call({message: 'back'}, {signal: noSignal()});
    expect(echo).toEqual({content: 'back', isError: false});
    expect(stateOf(servers, 'fragile').status).toBe('ready');
    expect(loggedPids(log, 'started')).toHaveLength(2);
  });

  it('refreshes a server\'s tools on notifications/tools/list_changed', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('shifty', 'changing-tools.js')]);
    await until(servers, () => stateOf(servers, 'shifty').status === 'ready');
    expect(servers.tools().map(tool => tool.name)).not.toContain('mcp__shifty__late_tool');

    await toolNamed(servers, 'mcp__shifty__add_tool').call({name: 'late_tool'}, {signal: noSignal()});
    await until(servers, () => servers.tools().some(tool => tool.name === 'mcp__shifty__late_tool'));
    expect(stateOf(servers, 'shifty')).toMatchObject({status: 'ready', toolCount: 3});
  });

  it('reports a refused connection to a remote server and keeps trying in the background', async () => {
    harness = mcpHarness();
    const port = await freePort();
    const servers = harness.open([{name: 'gone', source: 'user', settings: {type: 'http', url: `http://127.0.0.1:${port}/mcp`}}]);
    await until(servers, () => stateOf(servers, 'gone').status === 'failed');

    const state = stateOf(servers, 'gone');
    expect(state).toMatchObject({status: 'failed', reason: `connection refused at http://127.0.0.1:${port}/mcp`});
    await until(servers, () => {
      const now = stateOf(servers, 'gone');
      return now.status === 'failed' && now.retryAt !== undefined;
    });
  });

  it('closes every server and its whole process group, also one that ignores stdin and SIGTERM', async () => {
    harness = mcpHarness();
    const log = path.join(harness.dir, 'pids.log');
    const servers = harness.open([
      nodeServer('wrapped', 'through-wrapper.js', {args: [path.resolve(import.meta.dirname, '../../fixtures/mcp/stubborn.js')], env: {FIXTURE_LOG: log}}),
      nodeServer('everything', everythingBin, {args: ['stdio']}),
    ]);
    await until(servers, () => servers.list().every(item => item.state.status === 'ready'));
    const pids = loggedPids(log, 'wrapper').concat(loggedPids(log, 'stubborn'));
    expect(pids).toHaveLength(2);
    expect(pids.every(pid => isAlive(pid))).toBe(true);

    await servers.close();
    expect(pids.filter(pid => isAlive(pid))).toEqual([]);
  });
});

describe('McpServers with a flapping SSE server', () => {
  it('opens the circuit after three quick failures: no attempt for 5 s, then one half-open attempt', async () => {
    const {startFlappingSse} = await import('../../fixtures/mcp/flapping-sse.js');
    const flapping = await startFlappingSse('at-once');
    stops.push(() => flapping.close());
    harness = mcpHarness();
    // Retries come every 0.5 s at most, much faster than the breaker lets them through.
    const servers = harness.open([{name: 'flappy', source: 'user', settings: {type: 'sse', url: flapping.url}}], {retryDelays: {initialDelayMs: 100, maxDelayMs: 500}});
    await waitFor(() => flapping.connections >= 3, 10_000);
    const [first, , third] = flapping.connectionTimes as [number, number, number];
    await new Promise(resolve => setTimeout(resolve, third + 8000 - Date.now()));

    // Counted in windows from the third attempt: the open circuit refuses every retry for 5 s,
    // then lets one probe through, which fails and opens it for 5 s more.
    const attemptsBetween = (fromMs: number, toMs: number) => flapping.connectionTimes.filter(time => time > third + fromMs && time <= third + toMs).length;
    expect(third - first).toBeLessThan(4000);
    expect(attemptsBetween(0, 4500)).toBe(0);
    expect(attemptsBetween(4500, 8000)).toBe(1);
    expect(stateOf(servers, 'flappy')).toMatchObject({status: 'failed'});
  }, 30_000);

  it('takes the tools of one that drops after becoming ready away until it is back', async () => {
    const {startFlappingSse} = await import('../../fixtures/mcp/flapping-sse.js');
    const flapping = await startFlappingSse('after-ready');
    stops.push(() => flapping.close());
    harness = mcpHarness();
    const servers = harness.open([{name: 'flappy', source: 'user', settings: {type: 'sse', url: flapping.url}}]);
    const seen = new Set<string>();
    servers.subscribe(() => seen.add(stateOf(servers, 'flappy').status));
    await until(servers, () => stateOf(servers, 'flappy').status === 'ready');
    await until(servers, () => stateOf(servers, 'flappy').status === 'failed');

    expect(servers.tools()).toEqual([]);
    expect(stateOf(servers, 'flappy')).toMatchObject({status: 'failed', reason: expect.stringMatching(/SSE|closed|reset/i)});
    await until(servers, () => stateOf(servers, 'flappy').status === 'reconnecting');
    expect(seen).toContain('ready');
  }, 15_000);
});
