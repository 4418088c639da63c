// The interactive TUI in a real pseudo-terminal (tmux): launch to prompt, idle memory, CPU while
// streaming a long answer, and memory over many turns. Needs tmux and a built dist/.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {startTerminal} from '../fixtures/terminal/tmux.js';
import {median} from './lib.js';

export const title = 'tui';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());
/** What Ink writes when it redraws the whole screen (ansi-escapes clearTerminal). */
const fullRedraw = '\u001B[2J';

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-tui-'));
  const dir = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\nSome text to read.\n');
  return {root, dir, home};
}

async function launch(root, space, baseUrl) {
  const terminal = await startTerminal({
    // Run as a user's shell runs it, through the shebang, so that its Node flags apply.
    command: path.join(root, 'bin/alex.js'),
    args: [],
    cwd: space.dir,
    env: {PATH: process.env.PATH, HOME: space.home, ALEX_HOME: space.home, OPENAI_API_KEY: 'sk-bench-0123456789abcdef', OPENAI_BASE_URL: baseUrl},
    columns: 100,
    rows: 30,
  });
  const launchedAt = await terminal.launchedAt();
  let output = '';
  await terminal.waitFor(() => {
    output += terminal.newOutput();
    return output.includes('session ');
  }, 10_000, 'the prompt', 1);
  const promptMs = Date.now() - launchedAt;
  terminal.type('Q');
  await terminal.waitFor(() => terminal.newOutput().includes('Q'), 5000, 'the typed key', 1);
  const keyMs = Date.now() - launchedAt;
  terminal.press('C-u');

  return {terminal, promptMs, keyMs, pid: terminal.commandPid()};
}

async function measureLaunch(root, runs, mcpServers) {
  const space = workspace();
  if (mcpServers) {
    writeFileSync(path.join(space.home, 'config.json'), JSON.stringify({mcpServers}));
  }

  const fake = await startFakeModel([]);
  const prompt = [];
  const key = [];
  const rss = [];
  try {
    for (let run = 0; run < runs; run++) {
      const {terminal, promptMs, keyMs, pid} = await launch(root, space, fake.url);
      prompt.push(promptMs);
      key.push(keyMs);
      // Idle: the agent, marked and the history have loaded after the first frame.
      await sleep(1500);
      rss.push(rssMb(pid));
      terminal.close();
    }
  } finally {
    await fake.close();
    rmSync(space.root, {recursive: true, force: true});
  }

  return {prompt, key, rss};
}

/** About `tokens` tokens of markdown: paragraphs, lists and code, 4 characters a token. */
function longAnswer(tokens) {
  const section = index => `## Part ${index}\n\nThis part explains step ${index} of the change in some detail, with \`inline code\` and **bold** words.\nIt continues on a second line of the same paragraph.\n\n- first point of part ${index}\n- second point, a little longer than the first\n\n\`\`\`ts\nexport function step${index}(input: string): string {\n  return input.trim();\n}\n\`\`\`\n\n`;
  let text = '';
  for (let index = 1; text.length < tokens * 4; index++) {
    text += section(index);
  }

  return `${text.slice(0, tokens * 4)}\n\nEND-OF-ANSWER`;
}

async function measureStreaming(root, runs) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const space = workspace();
    const fake = await startFakeModel([{text: longAnswer(4000), chunkSize: 4, tokenDelayMs: 5}]);
    try {
      const {terminal, pid} = await launch(root, space, fake.url);
      await sleep(1000);
      const before = cpuSeconds(pid);
      terminal.newOutput();
      const started = Date.now();
      terminal.type('write the long answer');
      terminal.press('Enter');
      let output = '';
      await terminal.waitFor(() => {
        output += terminal.newOutput();
        return output.includes('END-OF-ANSWER');
      }, 120_000, 'the end of the answer', 20);
      const seconds = (Date.now() - started) / 1000;
      await sleep(300);
      output += terminal.newOutput();
      const after = cpuSeconds(pid);
      results.push({
        totalCpu: after,
        streamCpu: after - before,
        seconds,
        redraws: output.split(fullRedraw).length - 1,
        fps: (output.split('\u001B[?2026h').length - 1) / seconds,
      });
      terminal.close();
    } finally {
      await fake.close();
      rmSync(space.root, {recursive: true, force: true});
    }
  }

  return results;
}

async function measureTurns(root, turns) {
  const space = workspace();
  const answer = 'Read it. Here is a **summary**:\n\n- the notes have a title\n- and one line\n\n```md\n# Notes\n```\n\nAnything else?';
  const fake = await startFakeModel([{toolCalls: [{name: 'read_file', arguments: {path: 'notes.md'}}]}, {text: answer, chunkSize: 6}], {loop: true});
  try {
    const {terminal, pid} = await launch(root, space, fake.url);
    let first;
    for (let turn = 1; turn <= turns; turn++) {
      terminal.type(`turn ${turn}: read notes.md`);
      terminal.press('Enter');
      await terminal.waitFor(() => fake.requests.length >= turn * 2, 30_000, `turn ${turn}`, 5);
      if (turn === 1) {
        await sleep(1500);
        first = rssMb(pid);
      }
    }

    await sleep(2000);
    const last = rssMb(pid);
    terminal.close();
    return {first, last};
  } finally {
    await fake.close();
    rmSync(space.root, {recursive: true, force: true});
  }
}

export async function run({root}) {
  if (!existsSync(path.join(root, 'dist/alex.js'))) {
    execFileSync(process.execPath, ['scripts/build.js'], {cwd: root, stdio: 'inherit'});
  }

  const launches = await measureLaunch(root, 9);
  // Three servers, one of which takes 5 s to boot: the prompt must not wait for any of them.
  const fixture = (script, env = {}) => ({command: process.execPath, args: [path.join(root, 'fixtures/mcp', script)], env});
  const modules = path.join(root, 'node_modules/@modelcontextprotocol');
  const withMcp = await measureLaunch(root, 5, {
    everything: {command: process.execPath, args: [path.join(modules, 'server-everything/dist/index.js'), 'stdio']},
    fs: {command: process.execPath, args: [path.join(modules, 'server-filesystem/dist/index.js'), os.tmpdir()]},
    slow: fixture('slow-boot.js', {SLOW_BOOT_MS: '5000'}),
  });
  const streams = await measureStreaming(root, 3);
  const memory = await measureTurns(root, 200);
  const rate = median(streams.map(item => 4000 / item.seconds));

  return [
    {metric: 'launch to prompt drawn', median: median(launches.prompt), unit: 'ms', target: '< 250', note: `9 runs: ${launches.prompt.map(Math.round).join(' ')}`},
    {metric: 'launch to prompt, 3 MCP servers (one boots 5 s)', median: median(withMcp.prompt), unit: 'ms', target: `≤ ${Math.round(median(launches.prompt) * 1.1)} (none + 10 %)`, note: `5 runs: ${withMcp.prompt.map(Math.round).join(' ')}; ${((median(withMcp.prompt) / median(launches.prompt) - 1) * 100).toFixed(0)} % over none; servers boot after the first frame`},
    {metric: 'launch to first typed key shown', median: median(launches.key), unit: 'ms', note: 'a key typed as soon as the prompt appeared'},
    {metric: 'idle RSS, empty conversation', median: median(launches.rss), unit: 'MB', target: '< 75'},
    {metric: 'CPU, launch + 4,000 streamed tokens', median: median(streams.map(item => item.totalCpu)), unit: 's', target: '< 1', note: `${rate.toFixed(0)} tok/s; CPU of the stream alone ${median(streams.map(item => item.streamCpu)).toFixed(2)} s`},
    {metric: 'full-screen redraws while streaming', median: median(streams.map(item => item.redraws)), unit: 'frames', target: '0'},
    {metric: 'frames drawn while streaming', median: median(streams.map(item => item.fps)), unit: 'per s', target: '≤ 30'},
    {metric: 'RSS growth, turn 1 to turn 200', median: memory.last - memory.first, unit: 'MB', target: '< 30', note: `${memory.first.toFixed(1)} → ${memory.last.toFixed(1)} MB`},
  ];
}
