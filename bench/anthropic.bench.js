// The Anthropic provider against the OpenAI-compatible one: wall time and peak RSS of the same
// four-turn headless run on each (the fake model answers both wire formats), and whether runs
// that do not use the Anthropic provider ever load its chunk.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {measureProcess, median} from './lib.js';

export const title = 'anthropic provider';

const runs = 7;

const script = [
  {toolCalls: [{name: 'read_file', arguments: {path: 'cli.py'}}]},
  {toolCalls: [{name: 'edit_file', arguments: {path: 'cli.py', old_string: 'parser = argparse.ArgumentParser()\n', new_string: "parser = argparse.ArgumentParser()\nparser.add_argument('--verbose', action='store_true')\n"}}]},
  {toolCalls: [{name: 'list_files', arguments: {}}]},
  {text: 'Added a --verbose flag to cli.py.'},
];

function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'alex-bench-'));
  const dir = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  writeFileSync(path.join(dir, 'cli.py'), 'import argparse\nparser = argparse.ArgumentParser()\n');
  return {dir, home, cleanup: () => rmSync(root, {recursive: true, force: true})};
}

function providerEnv(provider, fake, home) {
  const base = {PATH: process.env.PATH, HOME: home, ALEX_HOME: home};
  if (provider === 'openai') {
    return {...base, OPENAI_API_KEY: 'sk-bench-0123456789abcdef', OPENAI_BASE_URL: fake.url};
  }

  return {...base, ANTHROPIC_API_KEY: 'sk-ant-bench-0123456789abcdef', ANTHROPIC_BASE_URL: fake.origin};
}

/** One four-turn run under GNU time: wall ms and peak RSS in MB. */
async function measureRun(root, provider, extraEnv = {}) {
  const fake = await startFakeModel(script);
  const space = workspace();
  try {
    const args = ['-f', '%M', process.execPath, path.join(root, 'bin/alex.js'), '--yolo', 'add a --verbose flag to cli.py'];
    const result = await measureProcess('/usr/bin/time', args, {cwd: space.dir, env: {...providerEnv(provider, fake, space.home), ...extraEnv}});
    if (result.code !== 0 || result.stdout.trim() !== 'Added a --verbose flag to cli.py.') {
      throw new Error(`${provider} run failed (${result.code}): ${result.stderr}`);
    }

    const rssKb = Number(result.stderr.trim().split('\n').at(-1));
    return {wallMs: result.wallMs, rssMb: rssKb / 1024};
  } finally {
    await fake.close();
    space.cleanup();
  }
}

/** The bundle chunks a command loads, recorded by fixtures/load-trace. */
async function loadedChunks(root, args, env) {
  const trace = path.join(mkdtempSync(path.join(os.tmpdir(), 'alex-trace-')), 'trace.txt');
  writeFileSync(trace, '');
  const register = path.join(root, 'fixtures/load-trace/register.js');
  await measureProcess(process.execPath, [`--import=${register}`, path.join(root, 'bin/alex.js'), ...args], {env: {...env, ALEX_LOAD_TRACE: trace}});
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  rmSync(path.dirname(trace), {recursive: true, force: true});
  return urls.filter(url => url.includes('/dist/')).map(url => path.basename(url));
}

async function anthropicLoads(root) {
  const isAnthropic = name => name.startsWith('anthropic-');
  const version = await loadedChunks(root, ['--version'], {PATH: process.env.PATH});
  const fake = await startFakeModel(script);
  const space = workspace();
  try {
    const openai = await loadedChunks(root, ['--yolo', 'add a --verbose flag'], {...providerEnv('openai', fake, space.home)});
    return {version: version.filter(isAnthropic).length, openai: openai.filter(isAnthropic).length};
  } finally {
    await fake.close();
    space.cleanup();
  }
}

export async function run({root}) {
  execFileSync(process.execPath, ['scripts/build.js'], {cwd: root});
  const samples = {openai: [], anthropic: []};
  await measureRun(root, 'openai');
  await measureRun(root, 'anthropic');
  for (let index = 0; index < runs; index++) {
    for (const provider of ['openai', 'anthropic']) {
      samples[provider].push(await measureRun(root, provider));
    }
  }

  const wall = provider => median(samples[provider].map(sample => sample.wallMs));
  const rss = provider => median(samples[provider].map(sample => sample.rssMb));
  const loads = await anthropicLoads(root);
  const chunk = readdirSync(path.join(root, 'dist/chunks')).find(name => name.startsWith('anthropic-'));
  const note = `median of ${runs}, fake model, 4 turns`;

  return [
    {metric: 'openai: 4-turn headless run, wall', median: wall('openai'), unit: 'ms', note},
    {metric: 'anthropic: 4-turn headless run, wall', median: wall('anthropic'), unit: 'ms', target: '≤ openai + 10%', note},
    {metric: 'openai: 4-turn headless run, peak RSS', median: rss('openai'), unit: 'MB', note},
    {metric: 'anthropic: 4-turn headless run, peak RSS', median: rss('anthropic'), unit: 'MB', target: '≤ openai + 5 MB', note},
    {metric: 'anthropic chunk, size', median: statSync(path.join(root, 'dist/chunks', chunk)).size / 1024, unit: 'KB', note: chunk},
    {metric: 'anthropic chunk loaded by alex --version', median: loads.version, unit: 'chunks', target: 0, note: 'module load trace'},
    {metric: 'anthropic chunk loaded by an openai run', median: loads.openai, unit: 'chunks', target: 0, note: 'module load trace'},
  ];
}
