// Sessions: the cost of recording on the caller's path, end of turn to disk, listing 3,000
// sessions, resuming a 5,000-message session, and 50 runs at once on one ALEX_HOME.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {conversation, measureProcess, median, percentile, recordSession, sessionLibrary} from './lib.js';

export const title = 'sessions';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const nextTick = () => new Promise(resolve => setImmediate(resolve));

async function recordLatency(lib, scratch) {
  const dataDir = path.join(scratch, 'latency');
  const recorder = lib.startSession({dataDir, directory: '/bench', model: 'gpt-4.1', provider: 'openai'});
  const big = {role: 'tool', toolCallId: 'x', name: 'bash', content: 'x'.repeat(200_000)};
  const message = conversation(2)[1];
  const times = [];
  for (let round = 0; round < 40; round++) {
    // Keep the writer busy: a large record and an unawaited flush every round.
    recorder.handle({type: 'message', message: big});
    void recorder.flush({sync: round % 4 === 0});
    for (let index = 0; index < 250; index++) {
      const started = performance.now();
      recorder.handle({type: 'message', message});
      times.push(performance.now() - started);
    }

    await nextTick();
  }

  await recorder.close({timeoutMs: 60_000});
  return times;
}

async function turnToDisk(lib, scratch) {
  const dataDir = path.join(scratch, 'turns');
  const recorder = lib.startSession({dataDir, directory: '/bench', model: 'gpt-4.1', provider: 'openai'});
  const times = [];
  for (let turn = 0; turn < 60; turn++) {
    for (const message of conversation(4)) {
      recorder.handle({type: 'message', message});
    }

    recorder.handle({type: 'usage', usage: {inputTokens: 900, outputTokens: 80}, total: {inputTokens: 900, outputTokens: 80}});
    const started = performance.now();
    recorder.handle({type: 'done', reason: 'end', result: 'ok', turns: 2, durationMs: 10, usage: {inputTokens: 900, outputTokens: 80}});
    await recorder.flush({sync: true});
    times.push(performance.now() - started);
    await sleep(5);
  }

  await recorder.close();
  return times;
}

function alexEnv(home, baseUrl) {
  return {PATH: process.env.PATH, HOME: home, ALEX_HOME: home, OPENAI_API_KEY: 'sk-bench-0123456789abcdef', ...(baseUrl && {OPENAI_BASE_URL: baseUrl})};
}

/** 3,000 sessions of 200 messages: one recorded for real, copied under new ids. */
async function manySessions(lib, scratch, cwd) {
  const home = path.join(scratch, 'many');
  const sourceId = await recordSession(lib, home, 200, cwd);
  const folder = path.join(home, 'sessions');
  const source = readFileSync(path.join(folder, `${sourceId}.jsonl`), 'utf8');
  const now = Date.now();
  for (let index = 1; index < 3000; index++) {
    const id = lib.newSessionId(now - index * 60_000);
    writeFileSync(path.join(folder, `${id}.jsonl`), source.replace(sourceId, id), {mode: 0o600});
  }

  return home;
}

async function listTimes(alex, home, cwd) {
  const cold = await measureProcess(process.execPath, [alex, 'sessions', 'list'], {cwd, env: alexEnv(home)});
  const warm = [];
  let lines = 0;
  for (let run = 0; run < 7; run++) {
    const result = await measureProcess(process.execPath, [alex, 'sessions', 'list'], {cwd, env: alexEnv(home)});
    warm.push(result.wallMs);
    lines = result.stdout.trim().split('\n').length - 1;
  }

  return {cold: cold.wallMs, warm, lines};
}

async function resumeTimes(lib, alex, scratch, cwd) {
  const home = path.join(scratch, 'resume');
  const id = await recordSession(lib, home, 5000, cwd);
  const fake = await startFakeModel([{text: 'ok'}], {loop: true});
  const toRequest = [];
  const whole = [];
  try {
    for (let run = 0; run < 5; run++) {
      const before = fake.requests.length;
      const started = performance.now();
      const child = measureProcess(process.execPath, [alex, '-r', id, 'next step'], {cwd, env: alexEnv(home, fake.url)});
      while (fake.requests.length === before) {
        await sleep(1);
      }

      toRequest.push(performance.now() - started);
      const result = await child;
      if (result.code !== 0) {
        throw new Error(`alex -r failed: ${result.stderr}`);
      }

      whole.push(result.wallMs);
    }
  } finally {
    await fake.close();
  }

  return {toRequest, whole};
}

async function fiftyAtOnce(alex, scratch, cwd) {
  const home = path.join(scratch, 'fifty');
  mkdirSync(home);
  const fake = await startFakeModel([{text: 'done', tokenDelayMs: 2}], {loop: true});
  try {
    const started = performance.now();
    const runs = await Promise.all(Array.from({length: 50}, (_, index) => measureProcess(process.execPath, [alex, '--output-format', 'json', `run ${index}`], {cwd, env: alexEnv(home, fake.url)})));
    const wallMs = performance.now() - started;
    const ok = runs.filter(run => run.code === 0).length;
    const list = await measureProcess(process.execPath, [alex, 'sessions', 'list', '--json'], {cwd, env: alexEnv(home)});
    const listed = JSON.parse(list.stdout).filter(item => item.messages === 2 && !item.damaged).length;

    return {wallMs, ok, listed};
  } finally {
    await fake.close();
  }
}

export async function run({root}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-sessions-'));
  const cwd = path.join(scratch, 'repo');
  mkdirSync(cwd);
  const alex = path.join(root, 'bin/alex.js');
  try {
    const lib = await sessionLibrary(root, scratch);
    const latency = await recordLatency(lib, scratch);
    const turns = await turnToDisk(lib, scratch);
    const many = await manySessions(lib, scratch, cwd);
    const list = await listTimes(alex, many, cwd);
    const resume = await resumeTimes(lib, alex, scratch, cwd);
    const fifty = await fiftyAtOnce(alex, scratch, cwd);

    return [
      {metric: 'record one message (caller path, writer busy)', median: median(latency) * 1000, unit: 'µs', target: '< 50', note: `p99 ${(percentile(latency, 99) * 1000).toFixed(1)} µs (target < 1000), ${latency.length} records`},
      {metric: 'end of turn to data on disk (fdatasync)', median: median(turns), unit: 'ms', target: '< 20', note: `p99 ${percentile(turns, 99).toFixed(2)} ms, ${turns.length} turns`},
      {metric: 'alex sessions list, 3,000 × 200 messages', median: median(list.warm), unit: 'ms', target: '< 300', note: `whole command; ${list.lines} rows; first run rebuilding every summary ${Math.round(list.cold)} ms`},
      {metric: 'alex -r <id>, 5,000 messages, to first request', median: median(resume.toRequest), unit: 'ms', target: '< 500', note: `headless; whole command ${Math.round(median(resume.whole))} ms`},
      {metric: '50 headless runs at once, one ALEX_HOME', median: fifty.wallMs, unit: 'ms', target: 'all listed', note: `${fifty.ok}/50 exited 0, ${fifty.listed}/50 listed complete`},
    ];
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
}
