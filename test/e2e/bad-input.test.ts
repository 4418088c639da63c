import {existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {alexBin, runAlex, type RunOptions} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

async function setup(responses: ScriptedResponse[], files: Record<string, string> = {}) {
  repo = tempRepo(files);
  fake = await startFakeModel(responses);
  return {repo, fake};
}

function run(args: string[], extra: Partial<RunOptions> = {}) {
  return runAlex(args, {cwd: repo!.dir, home: repo!.home, baseUrl: fake?.url, ...extra});
}

function lastToolResult(requestIndex: number): {content: string} {
  return fake!.requests[requestIndex]!.body.messages.at(-1);
}

describe('bad model output', () => {
  it('tells the model when it calls a tool that does not exist, and goes on', async () => {
    await setup([{toolCalls: [{name: 'delete_everything', arguments: {}}]}, {text: 'ok'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(lastToolResult(1).content).toMatch(/no tool named "delete_everything".*read_file/s);
  });

  it('tells the model when its arguments are not JSON', async () => {
    await setup([{toolCalls: [{name: 'read_file', arguments: '{"path": "a.txt"'}]}, {text: 'ok'}], {'a.txt': 'x'});
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(lastToolResult(1).content).toMatch(/read_file: the arguments are not valid JSON/);
  });

  it('tells the model which argument fails the schema', async () => {
    await setup([{toolCalls: [{name: 'read_file', arguments: {path: 7, limit: 'ten'}}]}, {text: 'ok'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(lastToolResult(1).content).toMatch(/path must be a string.*limit must be an integer/);
  });

  it('fails clearly on an empty reply', async () => {
    await setup([{empty: true}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^alex: The model returned an empty reply/m);
    expect(result.stdout).toBe('');
  });

  it('retries a 500 that comes before any output', async () => {
    await setup([{status: 500}, {text: 'recovered'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('recovered');
    expect(fake!.requests).toHaveLength(2);
  });

  it('reports a stream cut after output began, without retrying', async () => {
    await setup([{text: 'partial answer', cutAfter: 2}, {text: 'should not be requested'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/stream .* broke/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('reports a server error inside the stream after output began, without retrying', async () => {
    await setup([{text: 'partial answer', errorEvent: {message: 'Internal server error', type: 'server_error'}}, {text: 'should not be requested'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^alex: .* reported an error in the stream: Internal server error$/m);
    expect(fake!.requests).toHaveLength(1);
  });

  it('retries a server error inside the stream that comes before any output', async () => {
    await setup([{errorEvent: {message: 'Internal server error', type: 'server_error'}}, {text: 'recovered'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('recovered');
    expect(fake!.requests).toHaveLength(2);
  });

  it('runs no tool call of a reply cut at the output limit', async () => {
    const complete = {name: 'write_file', arguments: {path: 'first.txt', content: 'x'}};
    const cut = {name: 'write_file', arguments: '{"path": "second.txt", "content": "cut he'};
    await setup([{toolCalls: [complete, cut], truncated: true}, {text: 'should not be requested'}]);
    const result = await run(['--yolo', 'go']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^alex: The model reached its output limit .* no tool call of this reply was run\.$/m);
    expect(existsSync(path.join(repo!.dir, 'first.txt'))).toBe(false);
    expect(fake!.requests).toHaveLength(1);
  });

  it('never runs a tool call whose arguments arrived only in part', async () => {
    await setup([{toolCalls: [{name: 'write_file', arguments: {path: 'pwned.txt', content: 'x'.repeat(200)}}], cutAfter: 5}]);
    const result = await run(['--yolo', 'go']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/tool call that had begun was not run/);
    expect(existsSync(path.join(repo!.dir, 'pwned.txt'))).toBe(false);
  });

  it('retries a stream cut before any output', async () => {
    await setup([{text: 'lost', cutAfter: 1}, {text: 'second try'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('second try');
  });

  it('waits as long as Retry-After says before retrying a 429, and no longer', async () => {
    await setup([{status: 429, headers: {'retry-after': '2'}}, {text: 'after the wait'}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    const [first, second] = fake!.requests;
    // The backoff alone would wait 0.5 to 1 s; both together would be over 2.5 s.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(2000);
    expect(second!.receivedAt - first!.receivedAt).toBeLessThan(2500);
  });

  it('retries a stream that goes silent before any output', async () => {
    await setup([{text: 'never comes', firstTokenDelayMs: 600_000}, {text: 'second try'}]);
    const result = await run(['go'], {env: {ALEX_STREAM_IDLE_TIMEOUT_MS: '300'}});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('second try');
  });

  it('reports a stream that goes silent after output began', async () => {
    await setup([{text: 'partial answer', stallAfter: 2}, {text: 'should not be requested'}]);
    const result = await run(['go'], {env: {ALEX_STREAM_IDLE_TIMEOUT_MS: '300'}, timeout: 10_000});
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/stream from .* broke: no data from 127\.0\.0\.1:\d+ for 0\.3 s/);
    expect(fake!.requests).toHaveLength(1);
  });
});

describe('bad endpoint', () => {
  it('names the key variable when the endpoint refuses the key, and never prints the key', async () => {
    await setup([{status: 401, body: {error: {message: 'Incorrect API key provided: sk-test-key-0123456789abcdef'}}}]);
    const result = await run(['go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/refused the API key \(HTTP 401\).*Check OPENAI_API_KEY/);
    expect(result.stderr).not.toContain('sk-test-key-0123456789abcdef');
    expect(fake!.requests).toHaveLength(1);
  });

  it('says which model is unknown', async () => {
    await setup([{status: 404, body: {error: {message: 'The model `nope` does not exist'}}}]);
    const result = await run(['-m', 'nope', 'go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/does not know the model "nope"/);
  });

  it('says a 404 that does not name the model is a wrong base URL', async () => {
    await setup([{status: 404, body: '404 page not found'}]);
    const result = await run(['-m', 'gpt-4.1', 'go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`alex: ${fake!.url} answered HTTP 404 (not found): 404 page not found. Check the base URL; an OpenAI-compatible one usually ends in /v1.`);
  });

  it('says when the endpoint cannot be reached, after retrying for a few seconds', async () => {
    repo = tempRepo();
    const started = Date.now();
    const result = await run(['go'], {baseUrl: 'http://127.0.0.1:9/v1'});
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9\/v1 \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('asks for a key when the public endpoint is used without one', async () => {
    repo = tempRepo();
    const result = await runAlex(['go'], {cwd: repo.dir, home: repo.home, env: {OPENAI_API_KEY: undefined}});
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No API key for https:\/\/api\.openai\.com\/v1: set OPENAI_API_KEY/);
  });
});

describe('bad usage', () => {
  it('refuses --max-turns 0', async () => {
    repo = tempRepo();
    const result = await run(['--max-turns', '0', 'go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--max-turns: expected an integer of at least 1/);
  });

  it('refuses an unknown flag with status 2 and one line', async () => {
    repo = tempRepo();
    const result = await run(['--frobnicate', 'go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("alex: unknown option '--frobnicate' (run alex --help for usage)");
  });

  it('refuses an empty prompt on stdin', async () => {
    repo = tempRepo();
    const result = await run([], {input: '  \n'});
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/The prompt is empty/);
  });

  it('names the file and key of a broken settings file', async () => {
    repo = tempRepo();
    writeFileSync(path.join(repo.home, 'config.json'), JSON.stringify({approval: 'sometimes', maxTurns: -1}));
    const result = await run(['go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(path.join(repo.home, 'config.json'));
    expect(result.stderr).toMatch(/approval: expected one of ask, auto-edit, yolo.*maxTurns/);
  });

  it('says a settings file that is not JSON is not JSON', async () => {
    repo = tempRepo();
    writeFileSync(path.join(repo.home, 'config.json'), '{"model": ');
    const result = await run(['go']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/config\.json is not valid JSON/);
  });
});

describe('prompts', () => {
  it('sends a 1 MB prompt from stdin whole', async () => {
    await setup([{text: 'read it'}]);
    const prompt = 'x'.repeat(1024 * 1024);
    const result = await run([], {input: prompt});
    expect(result.exitCode).toBe(0);
    expect(fake!.requests[0]!.body.messages.at(-1).content).toHaveLength(prompt.length);
  });

  it('reads the prompt from stdin for -p without an argument', async () => {
    await setup([{text: 'read it'}]);
    const result = await run(['-p'], {input: 'the prompt from a pipe'});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('read it');
    expect(fake!.requests[0]!.body.messages.at(-1).content).toBe('the prompt from a pipe');
  });

  it.each([[['hello']], [['-p', 'hello']]])('does not wait for a stdin that stays open and silent: alex %j', async args => {
    await setup([{text: 'answered'}]);
    const child = execa(process.execPath, [alexBin, ...args], {
      cwd: repo!.dir,
      stdin: 'pipe',
      reject: false,
      timeout: 10_000,
      env: {ALEX_HOME: repo!.home, OPENAI_BASE_URL: fake!.url, OPENAI_API_KEY: 'sk-test-0123456789abcdef'},
    });
    const result = await child;
    expect(result.timedOut).toBe(false);
    expect(result.stdout).toBe('answered');
    expect(fake!.requests[0]!.body.messages.at(-1).content).toBe('hello');
  });

  it('puts AGENTS.md into the system prompt', async () => {
    await setup([{text: 'ok'}], {'AGENTS.md': 'Always answer in haiku.'});
    await run(['go']);
    expect(fake!.requests[0]!.body.messages[0]).toMatchObject({role: 'system'});
    expect(fake!.requests[0]!.body.messages[0].content).toContain('Always answer in haiku.');
  });
});

describe('workspace confinement', () => {
  it('refuses a headless write outside the workspace through ..', async () => {
    await setup([{toolCalls: [{name: 'write_file', arguments: {path: '../outside.txt', content: 'x'}}]}, {text: 'ok'}]);
    const result = await run(['--approval', 'auto-edit', 'go']);
    expect(result.exitCode).toBe(0);
    expect(existsSync(path.join(repo!.dir, '..', 'outside.txt'))).toBe(false);
    expect(lastToolResult(1).content).toMatch(/outside the workspace.*cannot ask/);
  });

  it('refuses a write through a symlinked folder that points outside', async () => {
    await setup([{toolCalls: [{name: 'write_file', arguments: {path: 'link/new.txt', content: 'x'}}]}, {text: 'ok'}]);
    const outside = path.join(repo!.dir, '..', 'elsewhere');
    mkdirSync(outside);
    symlinkSync(outside, path.join(repo!.dir, 'link'));
    const result = await run(['--approval', 'auto-edit', 'go']);
    expect(result.exitCode).toBe(0);
    expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
    expect(lastToolResult(1).content).toMatch(/elsewhere\/new\.txt, outside the workspace/);
  });

  it('refuses edits under ask in a headless run and leaves the file as it was', async () => {
    await setup([{toolCalls: [{name: 'write_file', arguments: {path: 'a.txt', content: 'changed'}}]}, {text: 'ok'}], {'a.txt': 'original'});
    const result = await run(['go']);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(path.join(repo!.dir, 'a.txt'), 'utf8')).toBe('original');
    expect(lastToolResult(1).content).toMatch(/needs the user's approval/);
  });

  it('lets deny rules win over --yolo', async () => {
    await setup([{toolCalls: [{name: 'bash', arguments: {command: 'touch marker'}}]}, {text: 'ok'}]);
    writeFileSync(path.join(repo!.home, 'config.json'), JSON.stringify({permissions: {deny: ['bash(touch:*)']}}));
    const result = await run(['--yolo', 'go']);
    expect(result.exitCode).toBe(0);
    expect(existsSync(path.join(repo!.dir, 'marker'))).toBe(false);
    expect(lastToolResult(1).content).toMatch(/permission rule "bash\(touch:\*\)" denies it/);
  });
});
