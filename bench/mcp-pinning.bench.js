// MCP tool pinning: what hashing and checking pins adds to alex.
//   1. hashing and sanitising a 100-tool list, as alex does for every tools/list it reads;
//   2. the pin check before one call (a lookup in the pin record read once per run);
//   3. recording one approval (rewriting mcp-pins.json with 100 pinned tools, atomically);
//   4. a headless run whose model makes one MCP call allowed by a rule: the first run (which
//      writes the pin) and a later one (which checks it).
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {measureProcess, median} from './lib.js';

export const title = 'mcp pinning';

const runs = 15;

/** Bundles the pinning code so plain Node can load it from TypeScript. */
async function loadPinning(root) {
  const outfile = path.join(root, '.bench', 'pinning-bench.mjs');
  const contents = "export {toolFingerprint, rawDescription} from './src/mcp/fingerprint.ts'; export {McpPins} from './src/mcp/pins.ts'; export {visibleText} from './src/terminal-text.ts';";
  await build({stdin: {contents, resolveDir: root, loader: 'ts'}, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, packages: 'external', logLevel: 'warning'});
  return import(`${outfile}?${Date.now()}`);
}

/** A large server's tool list: 100 tools with 1 KB descriptions and ten-property schemas. */
function toolList() {
  const properties = Object.fromEntries(Array.from({length: 10}, (_, index) => [`field${index}`, {type: 'string', description: `Field ${index} of the request, as the API names it.`}]));
  return Array.from({length: 100}, (_, index) => ({
    name: `tool_${index}`,
    description: `Tool ${index}. ${'Reads records from the service and returns them as JSON. '.repeat(18)}`,
    inputSchema: {type: 'object', properties, required: ['field0']},
  }));
}

function timed(work) {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function measureInProcess(lib) {
  const tools = toolList();
  const home = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-pins-'));
  const entry = {name: 'big', source: 'user', settings: {command: 'node'}};
  const pins = new lib.McpPins(home, home);
  for (const tool of tools) {
    pins.approveTool(entry, tool.name, {hash: lib.toolFingerprint(tool), description: lib.rawDescription(tool)});
  }

  const describe = [];
  const check = [];
  const approve = [];
  for (let run = 0; run < runs; run++) {
    describe.push(timed(() => tools.map(tool => [lib.toolFingerprint(tool), lib.visibleText(lib.rawDescription(tool))])));
    const fresh = new lib.McpPins(home, home);
    fresh.tool(entry, 'tool_0');
    check.push(timed(() => {
      for (let index = 0; index < 1000; index++) {
        fresh.tool(entry, `tool_${index % 100}`);
      }
    }) / 1000);
    approve.push(timed(() => fresh.approveTool(entry, 'tool_0', {hash: `changed-${run}`, description: 'changed'})));
  }

  rmSync(home, {recursive: true, force: true});
  return {describe, check, approve};
}

async function measureRuns(root) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-pinning-'));
  const first = [];
  const later = [];
  try {
    for (let run = 0; run < runs; run++) {
      const repo = path.join(dir, `repo-${run}`);
      const home = path.join(dir, `home-${run}`);
      mkdirSync(repo);
      mkdirSync(home);
      execFileSync('git', ['init', '-q'], {cwd: repo});
      const server = {command: process.execPath, args: [path.join(root, 'fixtures/mcp/hang.js')]};
      writeFileSync(path.join(home, 'config.json'), JSON.stringify({mcpServers: {quick: server}, permissions: {allow: ['mcp__quick__echo']}}));
      const env = {PATH: process.env.PATH, HOME: home, ALEX_HOME: home, OPENAI_API_KEY: 'sk-bench-0123456789abcdef'};
      for (const times of [first, later]) {
        const fake = await startFakeModel([{toolCalls: [{name: 'mcp__quick__echo', arguments: {message: 'hi'}}]}, {text: 'done'}]);
        const result = await measureProcess(process.execPath, [path.join(root, 'bin/alex.js'), 'call echo'], {cwd: repo, env: {...env, OPENAI_BASE_URL: fake.url}});
        await fake.close();
        if (result.code !== 0 || result.stdout.trim() !== 'done') {
          throw new Error(`run failed (${result.code}): ${result.stderr}`);
        }

        times.push(result.wallMs);
      }
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }

  return {first, later};
}

export async function run({root}) {
  const lib = await loadPinning(root);
  const inProcess = measureInProcess(lib);
  const runsTimes = await measureRuns(root);

  return [
    {metric: 'hash + sanitise a 100-tool list', median: median(inProcess.describe), unit: 'ms', target: '< 5', note: 'per tools/list read; 1 KB descriptions, 10-property schemas'},
    {metric: 'pin check before one call', median: median(inProcess.check) * 1000, unit: 'µs', note: 'pin record read once per run, then a lookup and a compare'},
    {metric: 'record one approval', median: median(inProcess.approve), unit: 'ms', note: 'rereads and rewrites mcp-pins.json (100 pinned tools) through a temp file and a rename'},
    {metric: 'headless run, 1 rule-allowed MCP call, first', median: median(runsTimes.first), unit: 'ms', note: 'writes the pin'},
    {metric: 'headless run, 1 rule-allowed MCP call, later', median: median(runsTimes.later), unit: 'ms', note: 'checks the pin'},
  ];
}
