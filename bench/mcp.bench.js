// MCP: what servers cost the run that does not use them, and what alex adds to those it uses.
//   1. headless time to the first model request: no servers, three quick ones, three with one
//      that takes 5 s to boot (the 2 s cap shows here), and how long starting them blocks the
//      main thread (what a TUI's time to prompt would feel);
//   2. whether a server's tools are in the first request sent after it became ready;
//   3. alex's own cost per tool call over stdio, against a bare JSON-RPC client on the same server;
//   4. a flapping SSE server for 60 s: reconnect attempts and alex's CPU.
import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {setTimeout as sleep} from 'node:timers/promises';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {startFlappingSse} from '../fixtures/mcp/flapping-sse.js';
import {median} from './lib.js';

export const title = 'mcp';

const runs = 7;
const node = process.execPath;

function paths(root) {
  return {
    bin: path.join(root, 'bin/alex.js'),
    fixtures: path.join(root, 'fixtures/mcp'),
    everything: path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
    filesystem: path.join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'),
  };
}

function workspace(mcpServers) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-mcp-'));
  const repo = path.join(dir, 'repo');
  const home = path.join(dir, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  execFileSync('git', ['init', '-q'], {cwd: repo});
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({mcpServers}));
  return {dir, repo, home, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

/** Runs alex headless against a fake model; resolves with the spawn time, requests and debug log. */
async function headless(root, mcpServers, responses, options = {}) {
  const space = workspace(mcpServers);
  const fake = await startFakeModel(responses);
  try {
    const env = {...process.env, ALEX_HOME: space.home, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-bench-0123456789abcdef'};
    const spawnedAt = Date.now();
    const child = spawn(node, [paths(root).bin, '--yolo', ...(options.args ?? []), 'go'], {cwd: space.repo, env, stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    const during = options.during?.(child);
    const code = await new Promise(resolve => child.once('exit', resolve));
    if (code !== 0) {
      throw new Error(`alex exited with ${code}: ${stderr.slice(-500)}`);
    }

    const logs = path.join(space.home, 'logs');
    const log = options.args?.includes('--debug') ? readdirSync(logs).map(name => readFileSync(path.join(logs, name), 'utf8')).join('') : '';
    return {spawnedAt, requests: fake.requests, during: await during, log};
  } finally {
    await fake.close();
    space.cleanup();
  }
}

async function timeToFirstRequest(root, mcpServers) {
  const times = [];
  for (let index = 0; index < runs; index++) {
    const {spawnedAt, requests} = await headless(root, mcpServers, [{text: 'done'}]);
    times.push(requests[0].receivedAt - spawnedAt);
  }

  return median(times);
}

/** Bundles src/mcp for in-process measurements, as the build bundles it into alex. */
async function mcpBundle(root) {
  const {build} = await import('esbuild');
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'alex-bench-bundle-')), 'mcp.js');
  await build({
    entryPoints: [path.join(root, 'src/mcp/index.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    define: {ALEX_VERSION: '"bench"'},
    banner: {js: "import {createRequire as __r} from 'node:module';const require=__r(import.meta.url);"},
    logLevel: 'warning',
  });
  return out;
}

/** In a fresh process: ms the main thread spends importing the MCP code and starting three servers. */
async function blockingStart(bundle, servers) {
  const script = `
    const t0 = performance.now();
    const {startMcpServers} = await import(${JSON.stringify(bundle)});
    const imported = performance.now();
    const servers = startMcpServers({servers: ${JSON.stringify(servers)}, workspace: process.cwd(), dataDir: process.cwd(), env: process.env});
    const started = performance.now();
    await servers.close();
    console.log(JSON.stringify({importMs: imported - t0, startMs: started - imported}));`;
  const output = execFileSync(node, ['--input-type=module', '-e', script], {encoding: 'utf8', cwd: os.tmpdir()});
  return JSON.parse(output.trim().split('\n').at(-1));
}

/**
 * A server booting in 2.6 s, past the 2 s wait, while the model keeps asking every 150 ms. alex's
 * debug log gives the order of events inside the process: the requests are sent one after the
 * other, so the k-th "model request" line is the k-th request the fake model received, and the
 * first one logged after the server's "ready" line must carry its tools.
 */
async function toolsAfterReady(root) {
  let hits = 0;
  const gaps = [];
  for (let index = 0; index < 5; index++) {
    const slow = {command: node, args: [path.join(paths(root).fixtures, 'slow-boot.js')], env: {SLOW_BOOT_MS: '2600'}};
    const step = {toolCalls: [{name: 'todo_write', arguments: {todos: [{content: 'wait', status: 'in_progress'}]}}], delayMs: 150};
    const {log, requests} = await headless(root, {slow}, [...Array.from({length: 14}, () => step), {text: 'done'}], {args: ['--debug']});
    const lines = log.split('\n');
    const readyIndex = lines.findIndex(line => line.includes('mcp server state') && line.includes('"status":"ready"'));
    const requestLines = lines.map((line, at) => ({line, at})).filter(({line}) => line.includes(' model request '));
    const next = requestLines.findIndex(({at}) => at > readyIndex);
    const hasTools = request => request.body.tools.some(tool => tool.function.name === 'mcp__slow__ping');
    if (readyIndex > 0 && next > 0 && !hasTools(requests[next - 1]) && hasTools(requests[next])) {
      hits++;
      gaps.push(Date.parse(requestLines[next].line.split(' ')[0]) - Date.parse(lines[readyIndex].split(' ')[0]));
    }
  }

  return {hits, gap: median(gaps)};
}

/** A JSON-RPC client with nothing in it but a pipe: the floor any MCP client pays per call. */
async function bareCallMs(root, count) {
  const child = spawn(node, [path.join(paths(root).fixtures, 'hang.js')], {stdio: ['pipe', 'pipe', 'ignore']});
  const lines = createInterface({input: child.stdout});
  const waiting = new Map();
  lines.on('line', line => {
    const message = JSON.parse(line);
    waiting.get(message.id)?.(message);
  });
  const request = (id, method, params) =>
    new Promise(resolve => {
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({jsonrpc: '2.0', id, method, params})}\n`);
    });
  await request(0, 'initialize', {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'bare', version: '1'}});
  const started = performance.now();
  for (let id = 1; id <= count; id++) {
    await request(id, 'tools/call', {name: 'echo', arguments: {message: 'hi'}});
  }

  const wall = (performance.now() - started) / count;
  child.kill();
  return wall;
}

async function callOverhead(root, bundle, count) {
  const script = `
    const {startMcpServers} = await import(${JSON.stringify(bundle)});
    const servers = startMcpServers({servers: [{name: 'echo', source: 'user', settings: {command: ${JSON.stringify(node)}, args: [${JSON.stringify(path.join(paths(root).fixtures, 'hang.js'))}]}}], workspace: process.cwd(), dataDir: process.cwd(), env: process.env});
    await servers.settle(10000);
    const tool = servers.tools().find(item => item.tool === 'echo');
    const signal = new AbortController().signal;
    for (let i = 0; i < 200; i++) await tool.call({message: 'warm'}, {signal});
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < ${count}; i++) await tool.call({message: 'hi'}, {signal});
    const wall = (performance.now() - t0) / ${count};
    const cpu = process.cpuUsage(cpu0);
    await servers.close();
    console.log(JSON.stringify({wall, cpu: (cpu.user + cpu.system) / 1000 / ${count}}));`;
  const output = execFileSync(node, ['--input-type=module', '-e', script], {encoding: 'utf8', cwd: os.tmpdir()});
  return JSON.parse(output.trim().split('\n').at(-1));
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function flapping(root, seconds) {
  const atOnce = await startFlappingSse('at-once');
  const afterReady = await startFlappingSse('after-ready');
  try {
    const servers = {dropsAtOnce: {type: 'sse', url: atOnce.url}, dropsWhenReady: {type: 'sse', url: afterReady.url}};
    const responses = [{text: 'done', delayMs: (seconds + 6) * 1000}];
    const {during} = await headless(root, servers, responses, {
      async during(child) {
        // Attempts are counted from alex's start; CPU from 3 s on, when Node's own start-up is over.
        await sleep(3000);
        const cpu0 = cpuSeconds(child.pid);
        await sleep((seconds - 3) * 1000);
        const counts = {atOnce: atOnce.connections, afterReady: afterReady.connections};
        await sleep(3000);
        const cpu = cpuSeconds(child.pid) - cpu0;
        return {...counts, cpuPercent: (cpu / seconds) * 100};
      },
    });
    return during;
  } finally {
    await atOnce.close();
    await afterReady.close();
  }
}

export async function run({root}) {
  const {everything, filesystem, fixtures} = paths(root);
  const quickThree = {
    everything: {command: node, args: [everything, 'stdio']},
    fs: {command: node, args: [filesystem, os.tmpdir()]},
    echo: {command: node, args: [path.join(fixtures, 'hang.js')]},
  };
  const withSlow = {...quickThree, echo: {command: node, args: [path.join(fixtures, 'slow-boot.js')], env: {SLOW_BOOT_MS: '5000'}}};

  const none = await timeToFirstRequest(root, {});
  const quick = await timeToFirstRequest(root, quickThree);
  const slow = await timeToFirstRequest(root, withSlow);

  const bundle = await mcpBundle(root);
  const entries = Object.entries(withSlow).map(([name, settings]) => ({name, source: 'user', settings}));
  const blocking = [];
  for (let index = 0; index < runs; index++) {
    blocking.push(await blockingStart(bundle, entries));
  }

  const ready = await toolsAfterReady(root);
  const calls = 3000;
  const bare = [];
  const through = [];
  for (let index = 0; index < 3; index++) {
    bare.push(await bareCallMs(root, calls));
    through.push(await callOverhead(root, bundle, calls));
  }

  const flap = await flapping(root, 60);
  const throughWall = median(through.map(item => item.wall));

  return [
    {metric: 'headless time to first request, no MCP servers', median: none, unit: 'ms'},
    {metric: 'headless time to first request, 3 quick servers', median: quick, unit: 'ms', note: `+${Math.round(quick - none)} ms: waits until all are ready`},
    {metric: 'headless time to first request, 3 servers, one booting 5 s', median: slow, unit: 'ms', note: `+${Math.round(slow - none)} ms: the 2 s cap, by design`},
    {metric: 'main thread blocked by MCP start (import + spawn 3)', median: median(blocking.map(item => item.importMs + item.startMs)), unit: 'ms', note: `import ${median(blocking.map(item => item.importMs)).toFixed(1)} ms + start() ${median(blocking.map(item => item.startMs)).toFixed(1)} ms; no TUI yet to time its prompt`},
    {metric: 'first request after ready has the tools', median: ready.hits, unit: 'of 5 runs', target: '5', note: `by alex's debug log; ready → next request ${Math.round(ready.gap)} ms`},
    {metric: 'alex CPU per MCP tool call over stdio', median: median(through.map(item => item.cpu)), unit: 'ms', target: '< 1'},
    {metric: 'MCP tool call round trip through alex', median: throughWall, unit: 'ms', note: `bare JSON-RPC pipe client: ${median(bare).toFixed(3)} ms; alex adds ${(throughWall - median(bare)).toFixed(3)} ms`},
    {metric: 'flapping SSE, drops at once: connection attempts in 60 s', median: flap.atOnce, unit: 'attempts', target: '≤ 13', note: 'one run; the first connection included'},
    {metric: 'flapping SSE, drops once ready: connection attempts in 60 s', median: flap.afterReady, unit: 'attempts', target: '≤ 13', note: 'one run, same alex process as above'},
    {metric: 'alex CPU while both flap', median: flap.cpuPercent, unit: '% of a core', target: '< 3', note: 'from 3 s to 63 s after start'},
  ];
}
