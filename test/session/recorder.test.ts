import {appendFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadSession, resumeSession, sessionOwner, startSession, type SessionRecorder} from '../../src/session/index.js';

let dataDir: string;
let recorders: SessionRecorder[] = [];

beforeEach(() => {
  dataDir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'alex-session-')));
});

afterEach(async () => {
  await Promise.all(recorders.map(recorder => recorder.close({timeoutMs: 500})));
  recorders = [];
  rmSync(dataDir, {recursive: true, force: true});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function start(options: {onWarning?: (line: string) => void} = {}): SessionRecorder {
  const recorder = startSession({dataDir, directory: '/work/project', model: 'gpt-test', provider: 'openai', ...options});
  recorders.push(recorder);
  return recorder;
}

function lines(recorder: SessionRecorder): Array<Record<string, any>> {
  return readFileSync(recorder.file, 'utf8')
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as Record<string, any>);
}

const say = (content: string) => ({type: 'message', message: {role: 'user' as const, content}});

describe('session recorder', () => {
  it('touches no disk until something is recorded', async () => {
    const recorder = start();
    expect(await recorder.close()).toBe(true);

    expect(existsSync(path.join(dataDir, 'sessions'))).toBe(false);
  });

  it('writes what was recorded in one batch within 250 ms, without being asked', async () => {
    const recorder = start();
    for (let index = 0; index < 100; index++) {
      recorder.handle(say(`message ${index}`));
    }

    recorder.handle({type: 'text_delta', text: 'not recorded'});
    expect(existsSync(recorder.file)).toBe(false);
    await sleep(400);

    const written = lines(recorder);
    expect(written[0]).toMatchObject({type: 'header', version: 1, id: recorder.id, directory: '/work/project', model: 'gpt-test'});
    expect(written.slice(1).map(line => line.message.content)).toEqual(Array.from({length: 100}, (_, index) => `message ${index}`));
    expect(statSync(recorder.file).mode & 0o777).toBe(0o600);
    expect(recorder.state).toEqual({status: 'saved'});
  });

  it('has a finished turn on disk when the flush at its end resolves', async () => {
    const recorder = start();
    recorder.handle(say('question'));
    recorder.handle({type: 'message', message: {role: 'assistant', content: 'answer'}});
    recorder.handle({type: 'usage', usage: {inputTokens: 5, outputTokens: 2}, total: {inputTokens: 5, outputTokens: 2}});
    recorder.handle({type: 'done', reason: 'end', result: 'answer', turns: 1, durationMs: 12, usage: {inputTokens: 5, outputTokens: 2}});

    expect(await recorder.flush({sync: true})).toBe(true);
    expect(lines(recorder).map(line => line.type)).toEqual(['header', 'message', 'message', 'usage', 'turn_end']);
    await recorder.close();
    const summary = JSON.parse(readFileSync(recorder.file.replace('.jsonl', '.summary.json'), 'utf8'));
    expect(summary).toMatchObject({id: recorder.id, title: 'question', messages: 2, size: statSync(recorder.file).size});
  });

  it('masks secrets before they are written', async () => {
    const recorder = start();
    recorder.handle(say('my key is sk-abcdefghijklmnopqrstuvwx and Bearer abcdefghijklmnop123'));
    await recorder.flush();

    const text = readFileSync(recorder.file, 'utf8');
    expect(text).not.toContain('sk-abcdefghijklmnopqrstuvwx');
    expect(text).not.toContain('abcdefghijklmnop123');
    expect(text).toContain('[REDACTED:openai-key]');
  });

  it('writes the whole session again when its folder is removed under it', async () => {
    const recorder = start();
    recorder.handle(say('one'));
    await recorder.flush();
    rmSync(path.join(dataDir, 'sessions'), {recursive: true});
    recorder.handle(say('two'));
    await recorder.flush();

    expect(lines(recorder).map(line => line.message?.content ?? line.type)).toEqual(['header', 'one', 'two']);
    expect(sessionOwner(dataDir, recorder.id)?.pid).toBe(process.pid);
  });

  it('keeps records in memory, warns once and catches up when the folder cannot be written', async () => {
    const warnings: string[] = [];
    const recorder = start({onWarning: line => warnings.push(line)});
    writeFileSync(path.join(dataDir, 'sessions'), 'a file where the folder should be');
    recorder.handle(say('one'));
    expect(await recorder.flush()).toBe(false);
    recorder.handle(say('two'));
    expect(await recorder.flush()).toBe(false);
    await sleep(300);

    expect(recorder.state).toMatchObject({status: 'failing', unsaved: 2});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^cannot save session .* The run goes on/);

    rmSync(path.join(dataDir, 'sessions'));
    for (let waited = 0; recorder.state.status !== 'saved' && waited < 5000; waited += 50) {
      await sleep(50);
    }

    expect(recorder.state).toEqual({status: 'saved'});
    expect(lines(recorder).map(line => line.message?.content ?? line.type)).toEqual(['header', 'one', 'two']);
    expect(warnings).toHaveLength(1);
  });

  it('says at close what could not be written, also when the write at close is the first to fail', async () => {
    const warnings: string[] = [];
    const recorder = start({onWarning: line => warnings.push(line)});
    writeFileSync(path.join(dataDir, 'sessions'), 'a file where the folder should be');
    recorder.handle(say('one'));
    recorder.handle(say('two'));

    expect(await recorder.close()).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^session ${recorder.id} is not saved whole: the last 2 records could not be written to .*${recorder.id}\\.jsonl before alex exited \\(EEXIST`));
  });

  it('warns once at the first write error and once more at close when the records are still not written', async () => {
    const warnings: string[] = [];
    const recorder = start({onWarning: line => warnings.push(line)});
    writeFileSync(path.join(dataDir, 'sessions'), 'a file where the folder should be');
    recorder.handle(say('one'));
    expect(await recorder.flush()).toBe(false);
    await sleep(300);

    expect(await recorder.close()).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^cannot save session .* The run goes on/);
    expect(warnings[1]).toMatch(/^session .* is not saved whole: the last 1 record could not be written/);
  });

  it('appends a resumed session after a torn last line on a fresh line', async () => {
    const first = start();
    first.handle(say('one'));
    await first.close();
    appendFileSync(first.file, '{"type":"message","at":"t","mess');

    const loaded = loadSession(dataDir, first.id);
    const resumed = resumeSession(dataDir, loaded);
    recorders.push(resumed);
    resumed.handle(say('two'));
    await resumed.close();

    const reread = loadSession(dataDir, first.id);
    expect(reread.messages.map(message => message.content)).toEqual(['one', 'two']);
    expect(reread.warnings).toEqual([`session ${first.id}: skipped 1 unreadable line.`]);
  });

  it('copies a busy session into a new one, written when the copy gets its first record', async () => {
    const first = start();
    first.handle(say('one'));
    await first.flush();
    const loaded = loadSession(dataDir, first.id);
    const copy = startSession({dataDir, directory: '/work/project', model: 'gpt-test', provider: 'openai', records: loaded.records});
    recorders.push(copy);
    copy.handle(say('two'));
    await copy.close();

    expect(copy.id).not.toBe(first.id);
    expect(loadSession(dataDir, copy.id).messages.map(message => message.content)).toEqual(['one', 'two']);
    expect(loadSession(dataDir, first.id).messages.map(message => message.content)).toEqual(['one']);
  });

  it('lets one writer at a time resume a session, and takes over a lock its dead owner left', async () => {
    const first = start();
    first.handle(say('one'));
    await first.flush();
    const loaded = loadSession(dataDir, first.id);

    expect(() => resumeSession(dataDir, loaded)).toThrow(`Session ${first.id} is open in another alex (process ${process.pid} (this alex)`);
    await first.close();
    const lockFile = path.join(dataDir, 'sessions', `${first.id}.lock`);
    expect(existsSync(lockFile)).toBe(false);

    writeFileSync(lockFile, JSON.stringify({pid: 2 ** 22 + 17, host: os.hostname(), since: 'long ago', token: 'dead'}));
    const resumed = resumeSession(dataDir, loaded);
    recorders.push(resumed);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
  });
});
