import http from 'node:http';
import {startFakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {runAlex} from './run-alex.js';
import type {TempRepo} from './workspace.js';

export type Attacker = {
  /** Base URL on loopback, without a trailing slash. */
  url: string;
  /** The path and query of every request received, in order. */
  hits: string[];
  close(): Promise<void>;
};

/** A loopback server standing for an attacker's endpoint; it records every request it gets. */
export async function startAttacker(): Promise<Attacker> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    response.end('ok');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as {port: number};

  return {url: `http://127.0.0.1:${port}`, hits, close: () => new Promise(resolve => server.close(() => resolve()))};
}

export type ToolCalls = NonNullable<ScriptedResponse['toolCalls']>;

/** One bash call per model reply, for `runToolCalls`. */
export function bashCalls(commands: string[]): ToolCalls[] {
  return commands.map(command => [{name: 'bash', arguments: {command}}]);
}

/**
 * Runs the built alex headless in the repository while the fake model makes the given tool
 * calls, one reply each; returns the run and what each call returned to the model, in order.
 */
export async function runToolCalls(repo: TempRepo, calls: ToolCalls[], args: string[] = [], env: Record<string, string> = {}) {
  const fake = await startFakeModel([...calls.map(toolCalls => ({toolCalls})), {text: 'done'}]);
  try {
    const result = await runAlex([...args, 'do the task'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url, env, timeout: 60_000});
    const results = fake.requests.slice(1, calls.length + 1).map(request => String(request.body.messages.at(-1).content));
    return {result, results};
  } finally {
    await fake.close();
  }
}
