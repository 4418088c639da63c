// The TUI with what stands behind it, in a real terminal: sessions saved and resumed, MCP servers
// booting after the first frame, a project's servers waiting for the folder to be trusted.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {requireTmux, startTerminal, type Terminal} from '../../fixtures/terminal/tmux.js';
import {everythingBin, fixturesDir, isAlive, loggedPids, waitFor} from '../helpers/mcp.js';
import {alexBin, runAlex} from '../helpers/run-alex.js';
import {transcriptRecords} from '../helpers/sessions.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
const terminals: Terminal[] = [];

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  for (const terminal of terminals.splice(0)) {
    terminal.close();
  }

  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

const everything = {command: process.execPath, args: [everythingBin, 'stdio']};

async function setUp(responses: ScriptedResponse[], files: Record<string, string> = {}): Promise<void> {
  repo = tempRepo(files);
  fake = await startFakeModel(responses);
}

async function openTui(args: string[] = []): Promise<Terminal> {
  const terminal = await startTerminal({
    command: process.execPath,
    args: [alexBin, ...args],
    cwd: repo!.dir,
    env: {PATH: process.env.PATH, HOME: repo!.home, ALEX_HOME: repo!.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: fake!.url},
    columns: 120,
  });
  terminals.push(terminal);
  await terminal.waitForScreen(/❯[\s\S]*session /);
  return terminal;
}

async function exitTui(terminal: Terminal): Promise<number | undefined> {
  terminal.type('/exit');
  terminal.press('Enter');
  await terminal.waitFor(() => terminal.exitStatus() !== undefined, 5000, 'alex to exit');
  return terminal.exitStatus();
}

type Listed = {id: string; messages: number; title: string};

async function sessions(): Promise<Listed[]> {
  const listed = await runAlex(['sessions', 'list', '--json'], {cwd: repo!.dir, home: repo!.home});
  expect(listed.exitCode).toBe(0);
  return JSON.parse(listed.stdout) as Listed[];
}

function sentText(index: number): string {
  return JSON.stringify(fake!.requests[index]!.body.messages);
}

describe('the TUI with sessions', () => {
  it('saves the conversation, and alex -c shows it and sends it to the model again', async () => {
    await setUp([{text: 'The first answer.'}, {text: 'The second answer.'}]);
    const first = await openTui();
    first.type('first question');
    first.press('Enter');
    await first.waitForScreen('The first answer.');
    await first.waitForScreen('· saved');
    expect(await exitTui(first)).toBe(0);
    const [saved] = await sessions();
    expect(saved).toMatchObject({messages: 2, title: 'first question'});

    const second = await openTui(['-c']);
    const screen = second.screen();
    expect(screen).toContain('first question');
    expect(screen).toContain('The first answer.');
    expect(screen).toContain(`session ${saved!.id}`);
    second.type('second question');
    second.press('Enter');
    await second.waitForScreen('The second answer.');
    expect(sentText(1)).toContain('first question');
    expect(sentText(1)).toContain('The first answer.');
    expect(await exitTui(second)).toBe(0);
    expect(await sessions()).toEqual([expect.objectContaining({id: saved!.id, messages: 4})]);
  });

  it('lists sessions with /sessions and switches to one with /resume', async () => {
    await setUp([{text: 'Answered headless.'}, {text: 'Answered in the TUI.'}]);
    const headless = await runAlex(['a headless question'], {cwd: repo!.dir, home: repo!.home, baseUrl: fake!.url});
    expect(headless.stdout).toBe('Answered headless.');
    const [earlier] = await sessions();

    const tty = await openTui();
    tty.type('/sessions');
    tty.press('Enter');
    await tty.waitForScreen(earlier!.id);
    tty.type(`/resume ${earlier!.id.slice(0, 12)}`);
    tty.press('Enter');
    const screen = await tty.waitForScreen(`Resumed session ${earlier!.id} (2 messages).`);
    expect(screen).toContain('a headless question');
    expect(screen).toContain(`session ${earlier!.id}`);
    tty.type('and now?');
    tty.press('Enter');
    await tty.waitForScreen('Answered in the TUI.');
    expect(sentText(1)).toContain('a headless question');
    expect(await exitTui(tty)).toBe(0);
    expect(await sessions()).toEqual([expect.objectContaining({id: earlier!.id, messages: 4})]);
  });

  it('asks before continuing a session open in another alex in a copy', async () => {
    await setUp([{text: 'First one here.'}, {text: 'Second one here.'}]);
    const first = await openTui();
    first.type('shared question');
    first.press('Enter');
    await first.waitForScreen('First one here.');
    await first.waitForScreen('· saved');
    const [original] = await sessions();

    // n: the other alex keeps it, this one stays in an empty session and writes nothing.
    const declined = await openTui(['-c']);
    const question = await declined.waitForScreen('c continue in a copy');
    expect(question).toContain(`Session ${original!.id} is open in another alex`);
    expect(question).not.toContain('shared question');
    await new Promise(resolve => setTimeout(resolve, 350));
    declined.press('n');
    await declined.waitForScreen(`Left session ${original!.id} to the other alex`);
    expect(await exitTui(declined)).toBe(0);
    expect(await sessions()).toHaveLength(1);

    // c: a copy with the whole conversation, under a new id.
    const second = await openTui(['-c']);
    await second.waitForScreen('c continue in a copy');
    await new Promise(resolve => setTimeout(resolve, 350));
    second.press('c');
    const screen = await second.waitForScreen('Continuing in session');
    expect(screen).toContain('shared question');
    expect(screen).not.toContain(`session ${original!.id} ·`);
    second.type('in the copy');
    second.press('Enter');
    await second.waitForScreen('Second one here.');
    expect(sentText(1)).toContain('shared question');
    expect(await exitTui(second)).toBe(0);
    expect(await exitTui(first)).toBe(0);
    const listed = await sessions();
    expect(listed).toHaveLength(2);
    expect(listed.find(item => item.id === original!.id)).toMatchObject({messages: 2});
    expect(listed.find(item => item.id !== original!.id)).toMatchObject({messages: 4});
  });

  it('saves the session and restores the terminal on SIGTERM', async () => {
    await setUp([{text: 'Kept safe.'}]);
    const tty = await openTui();
    tty.type('keep this');
    tty.press('Enter');
    await tty.waitForScreen('Kept safe.');
    process.kill(tty.commandPid()!, 'SIGTERM');
    await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'alex to exit');
    expect(tty.exitStatus()).toBe(143);
    await tty.waitFor(() => tty.sttyAfterExit(), 5000, 'stty after exit');
    expect(tty.sttyAfterExit()!.split(/\s+/)).toContain('icanon');
    expect(await sessions()).toEqual([expect.objectContaining({messages: 2, title: 'keep this'})]);
  });

  it('saves the reply in progress when SIGTERM, SIGHUP or Ctrl+D stops it, and alex -c sends it on', async () => {
    const slow = {text: Array.from({length: 300}, (_, index) => `w${index}`).join(' '), chunkSize: 4, tokenDelayMs: 30};
    await setUp([slow, slow, slow, {text: 'Picked up.'}]);
    const stops = [{stop: 'SIGTERM', status: 143}, {stop: 'SIGHUP', status: 129}, {stop: 'C-d', status: 0}] as const;
    for (const {stop, status} of stops) {
      const tty = await openTui();
      const id = /session ([0-9a-z]{9}-[0-9a-f]{8})/.exec(tty.screen())![1]!;
      tty.type(`stopped by ${stop}`);
      tty.press('Enter');
      await tty.waitForScreen(/w1\d/);
      if (stop === 'C-d') {
        tty.press('C-d');
      } else {
        process.kill(tty.commandPid()!, stop);
      }

      await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'alex to exit');
      expect(tty.exitStatus()).toBe(status);
      const records = transcriptRecords(repo!.home, id);
      expect(records.map(record => record.message?.role ?? record.type)).toEqual(['header', 'user', 'assistant', 'turn_end']);
      expect(records[1]!.message.content).toBe(`stopped by ${stop}`);
      expect(records[2]!.message.content).toMatch(/^w0 w1 .*w1\d.*\n\[cancelled by the user\]$/s);
      expect(records[3]).toMatchObject({reason: 'aborted'});
    }

    const continued = await runAlex(['-c', 'go on'], {cwd: repo!.dir, home: repo!.home, baseUrl: fake!.url});
    expect(continued.stdout).toBe('Picked up.');
    const sent = fake!.requests.at(-1)!.body.messages as Array<{role: string; content: string}>;
    expect(sent.slice(1).map(message => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[1]!.content).toBe('stopped by C-d');
    expect(sent[2]!.content).toMatch(/^w0 w1 .*\n\[cancelled by the user\]$/s);
    expect(sent[3]!.content).toBe('go on');
  });
});

describe('alex sessions delete on a terminal', () => {
  it('asks first: n keeps the session, y deletes it', async () => {
    await setUp([{text: 'Worth keeping?'}]);
    await runAlex(['a question'], {cwd: repo!.dir, home: repo!.home, baseUrl: fake!.url});
    const [session] = await sessions();
    const run = async (answer: string) => {
      const tty = await startTerminal({
        command: process.execPath,
        args: [alexBin, 'sessions', 'delete', session!.id],
        cwd: repo!.dir,
        env: {PATH: process.env.PATH, HOME: repo!.home, ALEX_HOME: repo!.home},
      });
      terminals.push(tty);
      await tty.waitForScreen(`Delete session ${session!.id}`);
      tty.type(answer);
      tty.press('Enter');
      await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'the delete to end');
      return tty.exitStatus();
    };

    await run('n');
    expect(await sessions()).toHaveLength(1);
    expect(await run('y')).toBe(0);
    expect(await sessions()).toHaveLength(0);
  });
});

describe('the TUI with MCP servers', () => {
  it('draws the prompt before servers are ready, then shows mcp 1/1 and asks before an MCP tool runs', async () => {
    await setUp([{toolCalls: [{name: 'mcp__everything__echo', arguments: {message: 'hello from the TUI'}}]}, {text: 'The server echoed.'}]);
    mkdirSync(repo!.home, {recursive: true});
    writeFileSync(path.join(repo!.home, 'config.json'), JSON.stringify({mcpServers: {everything}}));
    const tty = await openTui();
    await tty.waitForScreen('mcp 1/1', 15_000);
    expect(tty.output()).toContain('mcp 0/1');
    tty.type('echo something');
    tty.press('Enter');
    const dialog = await tty.waitForScreen('y yes');
    expect(dialog).toContain('mcp__everything__echo calls the MCP tool');
    expect(dialog).toContain('hello from the TUI');
    await new Promise(resolve => setTimeout(resolve, 350));
    tty.press('y');
    await tty.waitForScreen('The server echoed.');
    expect(fake!.requests[1]!.body.messages.at(-1)).toMatchObject({role: 'tool', content: 'Echo: hello from the TUI'});
    tty.type('/mcp');
    tty.press('Enter');
    await tty.waitForScreen(/everything\s+stdio\s+user\s+ready/);
    expect(await exitTui(tty)).toBe(0);
  });

  for (const [how, status] of [['/exit', 0], ['a second SIGTERM', 143]] as const) {
    it(`leaves no process of a server that ignores SIGTERM behind after ${how}`, async () => {
      await setUp([]);
      const log = path.join(repo!.home, 'fixture.log');
      const wrapped = {command: process.execPath, args: [path.join(fixturesDir, 'through-wrapper.js'), path.join(fixturesDir, 'stubborn.js')], env: {FIXTURE_LOG: log}};
      mkdirSync(repo!.home, {recursive: true});
      writeFileSync(path.join(repo!.home, 'config.json'), JSON.stringify({mcpServers: {wrapped}}));
      const tty = await openTui();
      const pids = () => loggedPids(log, 'wrapper').concat(loggedPids(log, 'stubborn'));
      await waitFor(() => pids().length === 2, 10_000);
      expect(pids().every(pid => isAlive(pid))).toBe(true);

      if (how === '/exit') {
        expect(await exitTui(tty)).toBe(status);
      } else {
        // Stopping this server takes about 2 s of escalation; the second signal ends that at once.
        process.kill(tty.commandPid()!, 'SIGTERM');
        await new Promise(resolve => setTimeout(resolve, 300));
        process.kill(tty.commandPid()!, 'SIGTERM');
        await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'alex to exit');
        expect(tty.exitStatus()).toBe(status);
      }

      await waitFor(() => pids().every(pid => !isAlive(pid)), 5000).catch(() => undefined);
      const left = pids().filter(pid => isAlive(pid));
      for (const pid of left) {
        process.kill(pid, 'SIGKILL');
      }

      expect(left).toEqual([]);
    });
  }

  it("asks once whether to trust the folder's .mcp.json servers and remembers the answer", async () => {
    await setUp([], {'.mcp.json': JSON.stringify({mcpServers: {everything}})});
    const first = await openTui();
    const question = await first.waitForScreen('y trust this folder');
    expect(question).toContain(everythingBin);
    expect(question).toContain('mcp 0/1');
    await new Promise(resolve => setTimeout(resolve, 350));
    first.press('n');
    await first.waitForScreen('Not trusted');
    expect(first.screen()).toContain('mcp 0/1');
    expect(await exitTui(first)).toBe(0);

    // Declined is remembered: no question, a line saying how to change it.
    const second = await openTui();
    await second.waitForScreen('you chose not to trust this folder');
    expect(second.screen()).not.toContain('y trust this folder');
    second.type('/mcp trust');
    second.press('Enter');
    await second.waitForScreen('mcp 1/1', 15_000);
    expect(await exitTui(second)).toBe(0);

    // Trusted is remembered too: the servers start without a question.
    const third = await openTui();
    await third.waitForScreen('mcp 1/1', 15_000);
    expect(third.output()).not.toContain('y trust this folder');
    expect(await exitTui(third)).toBe(0);
  });
});
