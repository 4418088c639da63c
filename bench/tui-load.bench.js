// The TUI under load, in a real pseudo-terminal (tmux): `alex -r` of a 5,000-message session to
// the prompt drawn (its transcript printed first), and keystroke-to-echo while a summary of that
// session is in progress, against the same keystrokes with nothing running, in one run.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {startTerminal} from '../fixtures/terminal/tmux.js';
import {median, percentile, recordSession, sessionLibrary} from './lib.js';

export const title = 'tui under load';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function open(root, cwd, home, baseUrl, args) {
  return startTerminal({
    command: path.join(root, 'bin/alex.js'),
    args,
    cwd,
    env: {PATH: process.env.PATH, HOME: home, ALEX_HOME: home, OPENAI_API_KEY: 'sk-bench-0123456789abcdef', OPENAI_BASE_URL: baseUrl},
    columns: 100,
    rows: 30,
  });
}

/** Milliseconds from launch until the status line (drawn under the prompt) appears. */
async function toPrompt(terminal) {
  const launchedAt = await terminal.launchedAt();
  let output = '';
  await terminal.waitFor(() => {
    output += terminal.newOutput();
    return output.includes('session ');
  }, 30_000, 'the prompt', 1);
  return Date.now() - launchedAt;
}

/** Types `text` a key at a time; each key's time until the prompt line shows everything typed so far. */
async function echoTimes(terminal, text) {
  const times = [];
  for (let index = 0; index < text.length; index++) {
    terminal.newOutput();
    const started = performance.now();
    terminal.type(text[index]);
    const typed = text.slice(0, index + 1);
    let output = '';
    await terminal.waitFor(() => {
      output += terminal.newOutput();
      return output.includes(typed);
    }, 5000, `the echo of ${typed}`, 1);
    times.push(performance.now() - started);
    await sleep(20);
  }

  terminal.press('C-u');
  return times;
}

async function resumeToPrompt(root, cwd, home, id, runs) {
  const fake = await startFakeModel([]);
  const times = [];
  try {
    for (let run = 0; run < runs; run++) {
      const terminal = await open(root, cwd, home, fake.url, ['-r', id]);
      try {
        times.push(await toPrompt(terminal));
      } finally {
        terminal.close();
      }

      await sleep(300);
    }
  } finally {
    await fake.close();
  }

  return times;
}

async function echoDuringSummary(root, cwd, home, id) {
  const summary = {text: 'Summary: modules 0 to 1249 were fixed, each a multiplier off by one.', delayMs: 15_000};
  const fake = await startFakeModel([], {summaryResponses: [summary, summary]});
  const terminal = await open(root, cwd, home, fake.url, ['-r', id]);
  try {
    await toPrompt(terminal);
    await sleep(1000);
    const idle = await echoTimes(terminal, 'abcdefghijklmnopqrst');
    terminal.type('/compact');
    terminal.press('Enter');
    await terminal.waitForScreen('compacting', 10_000);
    const busy = await echoTimes(terminal, 'abcdefghijklmnopqrst');
    const stillRunning = terminal.screen().includes('compacting');
    return {idle, busy, stillRunning, summaryRequests: fake.requests.filter(request => request.kind === 'summary').length};
  } finally {
    terminal.close();
    await fake.close();
  }
}

export async function run({root}) {
  if (!existsSync(path.join(root, 'dist/alex.js'))) {
    execFileSync(process.execPath, ['scripts/build.js'], {cwd: root, stdio: 'inherit'});
  }

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-tui-load-'));
  const cwd = path.join(scratch, 'repo');
  const home = path.join(scratch, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
  try {
    const lib = await sessionLibrary(root, scratch);
    const id = await recordSession(lib, home, 5000, cwd);
    const resume = await resumeToPrompt(root, cwd, home, id, 5);
    const echo = await echoDuringSummary(root, cwd, home, id);
    const note = `${echo.busy.length} keys; p95 ${percentile(echo.busy, 95).toFixed(1)} ms; summary ${echo.stillRunning ? 'still running after the last key' : 'ended before the last key'} (${echo.summaryRequests} request)`;

    return [
      {metric: 'alex -r <id>, 5,000 messages, to TUI prompt', median: median(resume), unit: 'ms', target: '< 500', note: `5 runs: ${resume.map(Math.round).join(' ')}; the transcript is printed before the prompt`},
      {metric: 'keystroke to echo, idle (reference)', median: median(echo.idle), unit: 'ms', note: `${echo.idle.length} keys through tmux; p95 ${percentile(echo.idle, 95).toFixed(1)} ms`},
      {metric: 'keystroke to echo, summary in progress', median: median(echo.busy), unit: 'ms', target: '< 50', note},
    ];
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
}
