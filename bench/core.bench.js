// Agent core: `alex --version`, a four-turn headless run against the local fake model, and the
// agent's own CPU time per model round trip (a 41-turn run minus a 1-turn run, over 40).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {measureProcess, median} from './lib.js';

export const title = 'core';

const runs = 9;
const timeBin = '/usr/bin/time';

/** Runs alex under GNU time and returns wall ms, peak RSS MB and CPU ms. */
async function timed(root, args, options) {
  const bin = path.join(root, 'bin/alex.js');
  const result = await measureProcess(timeBin, ['-f', 'TIME %e %M %U %S', process.execPath, bin, ...args], options);
  const line = result.stderr.split('\n').find(text => text.startsWith('TIME '));
  if (result.code !== 0 || !line) {
    throw new Error(`alex ${args.join(' ')} failed (${result.code}): ${result.stderr.slice(-500)}`);
  }

  const [, , rssKb, user, system] = line.split(' ');
  return {wallMs: result.wallMs, rssMb: Number(rssKb) / 1024, cpuMs: (Number(user) + Number(system)) * 1000};
}

function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-'));
  mkdirSync(path.join(dir, 'repo'));
  writeFileSync(path.join(dir, 'repo', 'cli.py'), 'import argparse\nparser = argparse.ArgumentParser()\n');
  execFileSync('git', ['init', '-q'], {cwd: path.join(dir, 'repo')});
  return dir;
}

const fourTurns = [
  {toolCalls: [{name: 'read_file', arguments: {path: 'cli.py'}}]},
  {toolCalls: [{name: 'edit_file', arguments: {path: 'cli.py', old_string: 'ArgumentParser()', new_string: 'ArgumentParser(prog="cli")'}}]},
  {toolCalls: [{name: 'bash', arguments: {command: 'ls'}}]},
  {text: 'Done.'},
];

function turns(count) {
  const todo = {toolCalls: [{name: 'todo_write', arguments: {todos: [{content: 'step', status: 'in_progress'}]}}]};
  return [...Array.from({length: count - 1}, () => todo), {text: 'Done.'}];
}

async function scenario(root, responses, args = []) {
  const dir = workspace();
  const fake = await startFakeModel(responses);
  try {
    const env = {...process.env, ALEX_HOME: path.join(dir, 'home'), OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-bench-0123456789abcdef'};
    return await timed(root, ['--yolo', ...args, 'do it'], {cwd: path.join(dir, 'repo'), env});
  } finally {
    await fake.close();
    rmSync(dir, {recursive: true, force: true});
  }
}

export async function run({root}) {
  if (!existsSync(timeBin)) {
    throw new Error('GNU time (/usr/bin/time) is needed for RSS and CPU figures: apt-get install time');
  }

  const version = [];
  const bare = [];
  for (let index = 0; index < runs; index++) {
    version.push((await timed(root, ['--version'], {})).wallMs);
    bare.push((await measureProcess(process.execPath, ['-e', '0'])).wallMs);
  }

  const four = [];
  for (let index = 0; index < runs; index++) {
    four.push(await scenario(root, fourTurns));
  }

  const perTurn = [];
  for (let index = 0; index < 5; index++) {
    const one = await scenario(root, turns(1));
    const many = await scenario(root, turns(41));
    perTurn.push((many.cpuMs - one.cpuMs) / 40);
  }

  return [
    {metric: 'alex --version wall', median: median(version), unit: 'ms', target: '< 120'},
    {metric: 'node -e 0 wall (reference)', median: median(bare), unit: 'ms'},
    {metric: 'four-turn headless run wall', median: median(four.map(item => item.wallMs)), unit: 'ms', target: '< 400'},
    {metric: 'four-turn headless run peak RSS', median: median(four.map(item => item.rssMb)), unit: 'MB', target: '< 90'},
    {metric: 'agent CPU per model round trip', median: median(perTurn), unit: 'ms', target: '< 5', note: '(41-turn run − 1-turn run) / 40, CPU user+sys'},
  ];
}
