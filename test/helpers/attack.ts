import {spawn, type ChildProcess} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {startFakeModel, type RecordedRequest, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {runAlex} from './run-alex.js';
import type {TempRepo} from './workspace.js';

export type ToolCalls = NonNullable<ScriptedResponse['toolCalls']>;

export type AttackOptions = {
  args?: string[];
  env?: Record<string, string | undefined>;
  prompt?: string;
  /** The model's final answer; default "done". */
  answer?: string;
};

/**
 * Runs one headless prompt in `repo` where the fake model makes the given tool calls, one reply
 * each, then gives its answer. `results` holds what each call returned to the model, in order.
 */
export async function attack(repo: TempRepo, calls: ToolCalls[], options: AttackOptions = {}) {
  const fake = await startFakeModel([...calls.map(toolCalls => ({toolCalls})), {text: options.answer ?? 'done'}]);
  try {
    const result = await runAlex([...(options.args ?? []), options.prompt ?? 'do the task'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url, env: options.env, timeout: 120_000});
    const results = fake.requests.slice(1).map(request => String(request.body.messages.at(-1).content));
    return {result, results, requests: fake.requests as RecordedRequest[]};
  } finally {
    await fake.close();
  }
}

export type Attacker = {url: string; hits: string[]; close(): void};

/** A loopback server standing for an attacker's endpoint; it records every request it gets. */
export async function startAttacker(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void = (_request, response) => response.end('ok')): Promise<Attacker> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    answer(request, response);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}`, hits, close: () => server.close()};
}

/**
 * Runs `step` (JavaScript, with `fs` in scope) over and over in a child process in `cwd` until
 * stopped: the other side of a race. One process doing file calls, not a shell loop that forks
 * twice a turn, so the rest of the suite is not starved meanwhile.
 */
export function startRacer(cwd: string, step: string): {stop(): Promise<void>} {
  const child: ChildProcess = spawn(process.execPath, ['-e', `const fs = require('node:fs'); const swap = ${swapSource}; for (;;) { ${step} }`], {cwd, stdio: 'ignore'});
  return {
    async stop() {
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise(resolve => child.once('exit', resolve));
      }
    },
  };
}

/** In the racer: puts a symlink to `target` at `name` in one rename, as `ln -sfn` and `mv -T` do. */
const swapSource = `(target, name) => { fs.rmSync(name + '.tmp', {force: true}); fs.symlinkSync(target, name + '.tmp'); fs.renameSync(name + '.tmp', name); }`;

/** Every regular file under `folder`, with its text. */
export function filesUnder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder, {recursive: true, encoding: 'utf8'})) {
    const file = path.join(folder, name);
    if (statSync(file, {throwIfNoEntry: false})?.isFile()) {
      files[name] = readFileSync(file, 'utf8');
    }
  }

  return files;
}
