import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type RecordedRequest, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {providers} from '../helpers/providers.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

const window = 8000;

/** Files of about 1,400 tokens each as read_file shows them: each read fills a sixth of the window. */
function bigFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 1; index <= count; index++) {
    const lines = Array.from({length: 100}, (_, line) => `file ${index} line ${line}: const value${line} = compute(${line}, "abc");`);
    files[`f${index}.ts`] = lines.join('\n');
  }

  return files;
}

function reads(count: number, delayMs: number): ScriptedResponse[] {
  const calls = Array.from({length: count}, (_, index) => ({toolCalls: [{name: 'read_file', arguments: {path: `f${index + 1}.ts`}}], delayMs}));
  return [...calls, {text: 'Read them all.'}];
}

/** The size of a request as the test sees it: its whole JSON body, four characters a token. */
function requestTokens(request: RecordedRequest): number {
  return Math.ceil(JSON.stringify(request.body).length / 4);
}

function chatRequests(model: FakeModel): RecordedRequest[] {
  return model.requests.filter(request => request.kind === 'chat');
}

function lines(stdout: string): any[] {
  return stdout.split('\n').filter(Boolean).map(line => JSON.parse(line));
}

describe.each(providers)('context compaction ($name)', provider => {
  const run = (args: string[]) => runAlex([...provider.args, ...args], {cwd: repo!.dir, home: repo!.home, env: {...provider.env(fake!), ALEX_CONTEXT_WINDOW: String(window)}, timeout: 60_000});

  it('goes on with the local form, swaps the late summary in, and keeps every request under the window', async () => {
    repo = tempRepo(bigFiles(24));
    fake = await startFakeModel(reads(24, 700), {estimateUsage: true, summaryResponses: [{text: 'SUMMARY-ONE: the user asked to read every file; f1 to f4 were read.', delayMs: 10_000}, {text: 'SUMMARY-TWO', delayMs: 10_000}]});
    const result = await run(['--output-format', 'stream-json', 'read every file']);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const chats = chatRequests(fake);
    expect(chats).toHaveLength(25);
    for (const request of chats) {
      expect(requestTokens(request)).toBeLessThanOrEqual(window);
    }

    const texts = chats.map(request => JSON.stringify(request.body.messages));
    const firstLocal = texts.findIndex(text => text.includes('removed to save context'));
    const firstSummary = texts.findIndex(text => text.includes('SUMMARY-ONE'));
    expect(firstLocal).toBeGreaterThan(0);
    expect(firstSummary).toBeGreaterThan(firstLocal + 3);
    expect(texts.at(-1)).toContain('SUMMARY-ONE');
    const compactions = lines(result.stdout).filter(line => line.subtype === 'compaction');
    expect(compactions[0]).toMatchObject({method: 'local'});
    expect(compactions.some(line => line.method === 'summary')).toBe(true);
    const summaryRequest = fake.requests.find(request => request.kind === 'summary')!;
    expect(JSON.stringify(summaryRequest.body.messages)).toContain('f1.ts');
  }, 60_000);

  it('keeps the local form and reports one line when the summary endpoint fails', async () => {
    repo = tempRepo(bigFiles(10));
    writeFileSync(path.join(repo.home, 'config.json'), JSON.stringify({compactModel: 'missing-model'}));
    const refusal = {status: 404, body: {error: {message: 'The model `missing-model` does not exist'}}};
    fake = await startFakeModel(reads(10, 300), {estimateUsage: true, summaryResponses: [refusal, refusal]});
    const result = await run(['--output-format', 'stream-json', 'read every file']);

    expect(result.exitCode).toBe(0);
    const summaryRequests = fake.requests.filter(request => request.kind === 'summary');
    expect(summaryRequests[0]!.body.model).toBe('missing-model');
    const failures = lines(result.stdout).filter(line => line.subtype === 'compaction_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toBe('The context summary failed (the endpoint does not know the compactModel "missing-model"; change the setting with alex config set compactModel <model>); trying again in 10 s, the local compression stands in meanwhile.');
    const chats = chatRequests(fake);
    expect(chats).toHaveLength(11);
    for (const request of chats) {
      expect(requestTokens(request)).toBeLessThanOrEqual(window);
    }

    expect(JSON.stringify(chats.at(-1)!.body.messages)).toContain('removed to save context');
    expect(lines(result.stdout).at(-1)).toMatchObject({type: 'result', result: 'Read them all.'});
  });

  it('compresses harder and retries once when the endpoint refuses a request as too long', async () => {
    repo = tempRepo(bigFiles(3));
    const tooLong = {status: 400, body: {error: {message: "This model's maximum context length is 4096 tokens. However, your messages resulted in 5100 tokens.", code: 'context_length_exceeded'}}};
    fake = await startFakeModel([...reads(3, 0).slice(0, 3), tooLong, {text: 'Read them all.'}], {estimateUsage: true});
    const result = await run(['--output-format', 'stream-json', 'read every file']);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const chats = chatRequests(fake);
    expect(chats).toHaveLength(5);
    expect(requestTokens(chats[4]!)).toBeLessThan(requestTokens(chats[3]!) * 0.75);
    expect(JSON.stringify(chats[4]!.body.messages)).toContain('Context compressed');
    const compactions = lines(result.stdout).filter(line => line.subtype === 'compaction');
    expect(compactions).toHaveLength(1);
    expect(lines(result.stdout).at(-1)).toMatchObject({type: 'result', result: 'Read them all.'});
  });

  it('reports clearly when the endpoint still refuses the request after the harder compression', async () => {
    repo = tempRepo(bigFiles(3));
    const tooLong = {status: 400, body: {error: {message: "This model's maximum context length is 2048 tokens."}}};
    fake = await startFakeModel([...reads(3, 0).slice(0, 3), tooLong, tooLong], {estimateUsage: true});
    const result = await run(['read every file']);

    expect(result.exitCode).toBe(1);
    expect(chatRequests(fake)).toHaveLength(5);
    expect(result.stderr).toContain('maximum context length is 2048 tokens');
    expect(result.stderr).toContain('compressed the conversation harder and retried once');
    expect(result.stderr).toContain('ALEX_CONTEXT_WINDOW');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('restores the compacted state when the session is resumed, and only appends to its file', async () => {
    repo = tempRepo(bigFiles(6));
    fake = await startFakeModel(reads(6, 0), {estimateUsage: true, summaryResponses: [{text: 'late', delayMs: 20_000}]});
    const first = await run(['--output-format', 'stream-json', 'read every file']);
    expect(first.exitCode).toBe(0);
    const compactions = lines(first.stdout).filter(line => line.subtype === 'compaction');
    expect(compactions.length).toBeGreaterThan(0);
    const sessionId = lines(first.stdout)[0].session_id;
    const file = path.join(repo.home, 'sessions', `${sessionId}.jsonl`);
    const before = readFileSync(file, 'utf8');
    const saved = before.split('\n').filter(Boolean).map(line => JSON.parse(line)).filter(record => record.type === 'compaction');
    expect(saved.at(-1).compacted).toMatchObject({version: 1, method: 'local', coveredMessages: compactions.at(-1).covered_messages});
    await fake.close();

    fake = await startFakeModel([{text: 'Still here.'}], {estimateUsage: true});
    const second = await run(['--output-format', 'stream-json', '-r', sessionId, 'and now?']);
    expect(second.exitCode).toBe(0);
    expect(lines(second.stdout).filter(line => line.subtype === 'compaction')).toEqual([]);
    const [resumed] = chatRequests(fake);
    expect(JSON.stringify(resumed!.body.messages)).toContain('removed to save context');
    expect(JSON.stringify(resumed!.body.messages)).toContain('and now?');
    expect(requestTokens(resumed!)).toBeLessThanOrEqual(window * 0.9);
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);
  });

  it('keeps a summary that is ready only when the run ends, so a resume starts from it without asking again', async () => {
    repo = tempRepo(bigFiles(6));
    // The reads come at once; the answer takes 5 s, and the summary is ready in the middle of it.
    const script = [...reads(6, 0).slice(0, 6), {text: 'Read them all.', delayMs: 5000}];
    fake = await startFakeModel(script, {estimateUsage: true, summaryResponses: [{text: 'SUMMARY-AT-END of the reads.', delayMs: 1500}]});
    const first = await run(['--output-format', 'stream-json', 'read every file']);
    expect(first.exitCode).toBe(0);
    expect(chatRequests(fake).some(request => JSON.stringify(request.body.messages).includes('SUMMARY-AT-END'))).toBe(false);
    const output = lines(first.stdout);
    expect(output.filter(line => line.subtype === 'compaction').at(-1)).toMatchObject({method: 'summary'});
    expect(output.at(-1)).toMatchObject({type: 'result', result: 'Read them all.'});
    const sessionId = output[0].session_id;
    const records = readFileSync(path.join(repo.home, 'sessions', `${sessionId}.jsonl`), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line));
    expect(records.filter(record => record.type === 'compaction').at(-1)).toMatchObject({method: 'summary'});
    await fake.close();

    fake = await startFakeModel([{text: 'Still here.'}], {estimateUsage: true, summaryResponses: [{text: 'asked again'}]});
    const second = await run(['--output-format', 'stream-json', '-r', sessionId, 'and now?']);
    expect(second.exitCode).toBe(0);
    expect(JSON.stringify(chatRequests(fake)[0]!.body.messages)).toContain('SUMMARY-AT-END');
    expect(fake.requests.filter(request => request.kind === 'summary')).toEqual([]);
  });
});
