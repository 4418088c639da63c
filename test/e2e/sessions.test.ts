import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {alexBin, runAlex} from '../helpers/run-alex.js';
import {transcriptFiles, transcriptRecords} from '../helpers/sessions.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fakes: FakeModel[] = [];
let repo: TempRepo | undefined;

afterEach(async () => {
  await Promise.all(fakes.map(fake => fake.close()));
  repo?.cleanup();
  fakes = [];
  repo = undefined;
});

async function fake(...responses: Parameters<typeof startFakeModel>[0]): Promise<FakeModel> {
  const started = await startFakeModel(responses);
  fakes.push(started);
  return started;
}

function sessionIdOf(stdout: string): string {
  return (JSON.parse(stdout) as {session_id: string}).session_id;
}

describe('sessions', () => {
  it('sends a resumed session to the model exactly as the model saw it before, tool calls included', async () => {
    repo = tempRepo({'a.py': 'print(1)\n'});
    const first = await fake({toolCalls: [{name: 'read_file', arguments: {path: 'a.py'}}, {name: 'grep', arguments: {pattern: 'print'}}]}, {text: 'It prints 1.'});
    const run = await runAlex(['--output-format', 'json', 'what does a.py do'], {cwd: repo.dir, home: repo.home, baseUrl: first.url});
    expect(run.exitCode).toBe(0);
    const id = sessionIdOf(run.stdout);

    const second = await fake({text: 'Nothing else.'});
    const resumed = await runAlex(['-c'], {cwd: repo.dir, home: repo.home, baseUrl: second.url, input: 'and then?'});

    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toBe('Nothing else.');
    const before = first.requests[1]!.body;
    const after = second.requests[0]!.body;
    const expected = [...before.messages, {role: 'assistant', content: 'It prints 1.'}, {role: 'user', content: 'and then?'}];
    expect(after).toEqual({...before, messages: expected});
    expect(transcriptFiles(repo.home)).toEqual([`${id}.jsonl`]);
  });

  it('resumes by id prefix with -r and with sessions resume, keeping one transcript', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'one'}, {text: 'two'}, {text: 'three'}]);
    fakes.push(model);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: model.url};
    const id = sessionIdOf((await runAlex(['--output-format', 'json', 'first'], options)).stdout);
    const viaFlag = await runAlex(['-r', id.slice(0, 12), '--output-format', 'json', 'second'], options);
    const viaCommand = await runAlex(['sessions', 'resume', id, 'third'], options);

    expect(sessionIdOf(viaFlag.stdout)).toBe(id);
    expect(viaCommand.stdout).toBe('three');
    expect(model.requests[2]!.body.messages.map((message: {content: string}) => message.content).slice(1)).toEqual(['first', 'one', 'second', 'two', 'third']);
    const header = transcriptRecords(repo.home, id)[0]!;
    expect(header).toMatchObject({type: 'header', version: 1, id, directory: repo.dir, model: 'gpt-4.1', provider: 'openai'});
    expect(statSync(path.join(repo.home, 'sessions', `${id}.jsonl`)).mode & 0o777).toBe(0o600);
  });

  it('rejects an id that is a path and touches nothing outside the data folder', async () => {
    repo = tempRepo();
    writeFileSync(path.join(repo.home, '..', 'x.jsonl'), 'keep\n');
    for (const args of [['-r', '../../x', 'hi'], ['sessions', 'show', '../x'], ['sessions', 'delete', '--yes', '../x']]) {
      const result = await runAlex(args, {cwd: repo.dir, home: repo.home});
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('is not a session id');
    }

    expect(readFileSync(path.join(repo.home, '..', 'x.jsonl'), 'utf8')).toBe('keep\n');
  });

  it('says an id that is a path is not a session id before it looks for a prompt on stdin', async () => {
    repo = tempRepo();
    const root = path.dirname(repo.home);
    for (const args of [['-r', '../../x'], ['sessions', 'resume', '../../x']]) {
      // No input: stdin is /dev/null, not a terminal, and holds no prompt.
      const result = await runAlex(args, {cwd: repo.dir, home: repo.home});

      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe('alex: "../../x" is not a session id: ids look like 0mikx3f2q-9c1e4b7a (alex sessions list shows them).');
    }

    expect(readdirSync(root).sort()).toEqual(['home', 'repo']);
    // The record of confirmed settings is written at the first run, whatever it does; no session is.
    expect(readdirSync(repo.home).filter(name => name !== 'confirmed-settings.json')).toEqual([]);
  });

  it('says there is nothing to continue when this directory has no session', async () => {
    repo = tempRepo();
    const result = await runAlex(['-c', 'hi'], {cwd: repo.dir, home: repo.home});

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`No session to continue in ${repo.dir}`);
  });

  it('lists, shows and deletes sessions', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'Answer A'}, {text: 'Answer B'}]);
    fakes.push(model);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: model.url};
    const a = sessionIdOf((await runAlex(['--output-format', 'json', 'first question\nwith a second line'], options)).stdout);
    const other = path.join(repo.dir, 'sub');
    mkdirSync(other);
    const b = sessionIdOf((await runAlex(['--output-format', 'json', 'second question'], {...options, cwd: other})).stdout);

    const here = JSON.parse((await runAlex(['sessions', 'list', '--json'], options)).stdout);
    const all = JSON.parse((await runAlex(['sessions', 'list', '--all', '--json'], options)).stdout);
    const table = (await runAlex(['sessions', 'list', '--all'], options)).stdout;
    const shown = await runAlex(['sessions', 'show', a.slice(0, 14)], options);
    const records = JSON.parse((await runAlex(['sessions', 'show', '--json', a], options)).stdout);
    const refused = await runAlex(['sessions', 'delete', b], options);
    const deleted = await runAlex(['sessions', 'delete', '--yes', b], options);

    expect(here.map((item: {id: string}) => item.id)).toEqual([a]);
    expect(here[0]).toMatchObject({title: 'first question', directory: repo.dir, messages: 2, model: 'gpt-4.1'});
    expect(all.map((item: {id: string}) => item.id)).toEqual([b, a]);
    expect(table).toMatch(/^ID +UPDATED +MSGS +MODEL +DIRECTORY +TITLE\n/);
    expect(table).toContain('second question');
    expect(shown.stdout).toContain('> first question\n  with a second line\n\nAnswer A');
    expect(records.map((record: {type: string}) => record.type)).toEqual(['header', 'message', 'usage', 'message', 'turn_end']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(deleted.exitCode).toBe(0);
    expect(transcriptFiles(repo.home)).toEqual([`${a}.jsonl`]);
  });

  it('refuses to resume a session another process is writing, naming that process', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'first'}, {text: 'slow answer that takes a while', chunkSize: 2, tokenDelayMs: 150}]);
    fakes.push(model);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: model.url};
    const id = sessionIdOf((await runAlex(['--output-format', 'json', 'start'], options)).stdout);
    const slow = runAlex(['-c', 'slow one'], options);
    while (model.requests.length < 2) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }

    const second = await runAlex(['-r', id, 'meanwhile'], options);
    const deleted = await runAlex(['sessions', 'delete', '--yes', id], options);
    const finished = await slow;

    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`Session ${id} is open in another alex (process ${slow.pid}`);
    expect(deleted.exitCode).toBe(1);
    expect(finished.stdout).toBe('slow answer that takes a while');
    expect(model.requests).toHaveLength(2);
  });

  it('saves the turn so far when the run is stopped by SIGTERM or SIGHUP', async () => {
    repo = tempRepo();
    const slow = {text: 'a long answer that never gets finished', chunkSize: 2, tokenDelayMs: 100};
    const model = await startFakeModel([slow, slow]);
    fakes.push(model);
    for (const [index, signal] of (['SIGTERM', 'SIGHUP'] as const).entries()) {
      const child = runAlex(['--output-format', 'stream-json', `stop me ${index}`], {cwd: repo.dir, home: repo.home, baseUrl: model.url});
      while (model.requests.length <= index) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }

      await new Promise(resolve => setTimeout(resolve, 400));
      child.kill(signal);
      const result = await child;
      const id = JSON.parse(result.stdout.split('\n')[0]!).session_id as string;
      const records = transcriptRecords(repo.home, id);

      expect(result.exitCode).toBe(130);
      expect(records.map(record => record.message?.role ?? record.type)).toEqual(['header', 'user', 'assistant', 'turn_end']);
      expect(records[2]!.message.content).toMatch(/^a long.*\n\[cancelled by the user\]$/s);
      expect(records[3]).toMatchObject({reason: 'aborted'});
      expect(existsSync(path.join(repo.home, 'sessions', `${id}.lock`))).toBe(false);
    }
  });

  it('masks a JWT and other tokens of a prompt in the session file and its summary', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'Looked at it.'}]);
    fakes.push(model);
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const prompt = `why is ${jwt} refused when npm_abcdefghijklmnopqrstuvwxyzABCDEF0123 works?`;
    const id = sessionIdOf((await runAlex(['--output-format', 'json', prompt], {cwd: repo.dir, home: repo.home, baseUrl: model.url})).stdout);
    const folder = path.join(repo.home, 'sessions');
    const written = readdirSync(folder).map(name => readFileSync(path.join(folder, name), 'utf8')).join('\n');

    expect(model.requests[0]!.body.messages.at(-1).content).toBe(prompt);
    expect(transcriptRecords(repo.home, id)[1]!.message.content).toBe('why is [REDACTED:jwt] refused when [REDACTED:npm-token] works?');
    expect(JSON.parse(readFileSync(path.join(folder, `${id}.summary.json`), 'utf8')).title).toBe('why is [REDACTED:jwt] refused when [REDACTED:npm-token] works?');
    // Nothing of the token, not even the header of a title cut in its middle.
    expect(written).not.toContain('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9');
    expect(written).not.toContain('SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
  });

  it('keeps the session store out of the start-up bundle', () => {
    const entry = readFileSync(path.join(path.dirname(alexBin), '..', 'dist', 'alex.js'), 'utf8');

    expect(entry).not.toContain('.summary.json');
    expect(entry).not.toContain('datasync');
  });

  it('lists a torn, a garbled and an empty transcript, resumes what it can, and changes none of them', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'one'}, {text: 'two'}, {text: 'after the tear'}]);
    fakes.push(model);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: model.url};
    const torn = sessionIdOf((await runAlex(['--output-format', 'json', 'torn'], options)).stdout);
    const garbled = sessionIdOf((await runAlex(['--output-format', 'json', 'garbled'], options)).stdout);
    const folder = path.join(repo.home, 'sessions');
    const tornFile = path.join(folder, `${torn}.jsonl`);
    writeFileSync(tornFile, readFileSync(tornFile, 'utf8') + '{"type":"message","at":"x","message":{"role":"user","cont');
    const garbledFile = path.join(folder, `${garbled}.jsonl`);
    const lines = readFileSync(garbledFile, 'utf8').split('\n');
    lines.splice(2, 0, 'not json at all', '{"type":"message","message":{"role":"wizard"}}');
    writeFileSync(garbledFile, lines.join('\n'));
    const emptyFile = path.join(folder, '0mx0000aa-00000000.jsonl');
    writeFileSync(emptyFile, '');
    const before = [tornFile, garbledFile, emptyFile].map(file => readFileSync(file, 'utf8'));

    const listed = JSON.parse((await runAlex(['sessions', 'list', '--json'], options)).stdout);
    const shown = await runAlex(['sessions', 'show', garbled], options);
    const emptyShown = await runAlex(['sessions', 'show', '0mx0000aa'], options);
    const after = [tornFile, garbledFile, emptyFile].map(file => readFileSync(file, 'utf8'));

    expect(after).toEqual(before);
    expect(listed.map((item: {id: string}) => item.id).sort()).toEqual([torn, garbled, '0mx0000aa-00000000'].sort());
    expect(listed.find((item: {id: string}) => item.id === '0mx0000aa-00000000').damaged).toBe('the file is empty');
    expect(listed.find((item: {id: string}) => item.id === garbled)).toMatchObject({messages: 2, skippedLines: 2});
    expect(shown.stderr).toContain('skipped 2 unreadable lines');
    expect(shown.stdout).toContain('> garbled');
    expect(emptyShown.exitCode).toBe(2);
    expect(emptyShown.stderr).toContain('the file is empty');
    expect(existsSync(emptyFile)).toBe(true);

    const resumed = await runAlex(['-r', torn, 'go on'], options);
    expect(resumed.stderr).toContain('skipped the last line, which was cut short');
    expect(resumed.stdout).toBe('after the tear');
    expect(model.requests[2]!.body.messages.slice(1)).toEqual([
      {role: 'user', content: 'torn'},
      {role: 'assistant', content: 'one'},
      {role: 'user', content: 'go on'},
    ]);
    const again = await runAlex(['sessions', 'show', '--json', torn], options);
    const types = JSON.parse(again.stdout).map((record: {type: string}) => record.type);
    expect(types).toEqual(['header', 'message', 'usage', 'message', 'turn_end', 'message', 'usage', 'message', 'turn_end']);
    expect(again.stderr).toContain('skipped 1 unreadable line');
  });

  it('rebuilds lost summaries from the transcripts', async () => {
    repo = tempRepo();
    const model = await startFakeModel([{text: 'one'}]);
    fakes.push(model);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: model.url};
    const id = sessionIdOf((await runAlex(['--output-format', 'json', 'remember me'], options)).stdout);
    const summary = path.join(repo.home, 'sessions', `${id}.summary.json`);
    const {v: _version, updated: _updated, ...kept} = JSON.parse(readFileSync(summary, 'utf8'));
    writeFileSync(summary, '{"broken');

    const listed = JSON.parse((await runAlex(['sessions', 'list', '--json'], options)).stdout);

    expect(listed).toEqual([{...kept, updated: expect.any(String)}]);
    expect(JSON.parse(readFileSync(summary, 'utf8')).title).toBe('remember me');
  });

  it('warns at the first write error and once more at exit, and finishes the run, when the sessions folder cannot be written', async context => {
    // root writes through any mode, so the run goes as the unprivileged user when the tests run as root.
    const asRoot = process.getuid?.() === 0;
    const unprivileged = {uid: 65_534, gid: 65_534};
    if (asRoot) {
      const probe = await execa(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(alexBin)})`], {reject: false, ...unprivileged});
      if (probe.exitCode !== 0) {
        context.skip('the unprivileged user cannot read this checkout, and root cannot get EACCES');
      }
    }

    repo = tempRepo();
    const model = await startFakeModel([{toolCalls: [{name: 'list_files', arguments: {}}]}, {text: 'done anyway'}]);
    fakes.push(model);
    const folder = path.join(repo.home, 'sessions');
    mkdirSync(folder, {mode: 0o555});
    chmodSync(folder, 0o555);
    if (asRoot) {
      for (const dir of [path.dirname(repo.dir), repo.dir, repo.home]) {
        chmodSync(dir, 0o755);
      }
    }

    const result = await execa(process.execPath, [alexBin, 'list the files'], {
      cwd: repo.dir,
      reject: false,
      stdin: 'ignore',
      timeout: 20_000,
      extendEnv: false,
      env: {PATH: process.env.PATH, HOME: repo.home, ALEX_HOME: repo.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: model.url},
      ...(asRoot && unprivileged),
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('done anyway');
    const warnings = result.stderr.split('\n').filter(line => line !== '');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^alex: warning: cannot save session .*EACCES.*The run goes on/);
    expect(warnings[1]).toMatch(/^alex: warning: session .* is not saved whole: the last \d+ records could not be written to .* before alex exited \(EACCES/);
    expect(transcriptFiles(repo.home)).toEqual([]);
  });
});
