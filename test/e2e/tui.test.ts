import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {requireTmux, startTerminal, type Terminal} from '../../fixtures/terminal/tmux.js';
import {alexBin} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
let terminal: Terminal | undefined;

beforeAll(() => {
  // Fails, not skips, when tmux is missing: this is the test of the real terminal.
  requireTmux();
});

afterEach(async () => {
  terminal?.close();
  await fake?.close();
  repo?.cleanup();
  terminal = undefined;
  fake = undefined;
  repo = undefined;
});

async function startAlex(responses: ScriptedResponse[], files: Record<string, string> = {}, env: Record<string, string> = {}): Promise<Terminal> {
  repo = tempRepo(files);
  fake = await startFakeModel(responses);
  terminal = await startTerminal({
    command: process.execPath,
    args: [alexBin],
    cwd: repo.dir,
    env: {PATH: process.env.PATH, HOME: repo.home, ALEX_HOME: repo.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: fake.url, ...env},
  });
  await terminal.waitForScreen(/❯[\s\S]*session /);
  return terminal;
}

const answerText = '# Result\n\nThe answer is **42**.\n\n- one\n- two\n';

describe('the TUI in a real terminal', () => {
  it('draws the prompt and streams the answer to a typed prompt', async () => {
    const tty = await startAlex([{text: answerText, tokenDelayMs: 5, chunkSize: 3}]);
    expect(tty.screen()).toMatch(/gpt-4\.1 · ctx (?:–|0%)/);
    tty.type('what is the answer?');
    tty.press('Enter');
    // The list is the last block: once it is drawn, so is everything before it.
    const screen = await tty.waitForScreen('• two');
    expect(screen).toContain('The answer is 42.');
    expect(screen).toContain('❯ what is the answer?');
    expect(screen).not.toContain('**');
    expect(fake!.requests[0]!.body.messages.at(-1)).toEqual({role: 'user', content: 'what is the answer?'});
  });

  it('applies an edit once it is approved with y', async () => {
    const tty = await startAlex([
      {toolCalls: [{name: 'edit_file', arguments: {path: 'greeting.txt', old_string: 'hello', new_string: 'goodbye'}}]},
      {text: 'Changed the greeting.'},
    ], {'greeting.txt': 'hello world\n'});
    tty.type('change the greeting');
    tty.press('Enter');
    const dialog = await tty.waitForScreen('y yes');
    expect(dialog).toContain('edit_file edits greeting.txt');
    expect(dialog).toContain('-hello');
    expect(dialog).toContain('+goodbye');
    expect(readFileSync(path.join(repo!.dir, 'greeting.txt'), 'utf8')).toBe('hello world\n');
    await new Promise(resolve => setTimeout(resolve, 350));
    tty.press('y');
    const screen = await tty.waitForScreen('Changed the greeting.');
    expect(screen).toMatch(/✓ edit_file greeting\.txt — replaced 1/);
    expect(readFileSync(path.join(repo!.dir, 'greeting.txt'), 'utf8')).toBe('goodbye world\n');
  });

  it('stops a long stream with Esc and takes the next prompt', async () => {
    const long = Array.from({length: 400}, (_, index) => `w${index}`).join(' ');
    const tty = await startAlex([{text: long, tokenDelayMs: 20, chunkSize: 6}, {text: 'Ready again.'}]);
    tty.type('write a lot');
    tty.press('Enter');
    await tty.waitForScreen(/w2\d/);
    tty.press('Escape');
    const screen = await tty.waitForScreen('Cancelled.', 3000);
    expect(screen).not.toContain('w399');
    tty.type('next');
    tty.press('Enter');
    await tty.waitForScreen('Ready again.');
    expect(fake!.requests).toHaveLength(2);
    expect(JSON.stringify(fake!.requests[1]!.body.messages)).toContain('[cancelled by the user]');
  });

  it('reflows the live part when the terminal is resized while an answer streams', async () => {
    const words = Array.from({length: 120}, (_, index) => `word${index}`).join(' ');
    const tty = await startAlex([{text: `${words} THE-END`, tokenDelayMs: 15, chunkSize: 8}]);
    tty.type('a long paragraph please');
    tty.press('Enter');
    await tty.waitForScreen(/word2\d/);
    tty.resize(50, 30);
    const screen = await tty.waitForScreen('THE-END', 15_000);
    const lines = screen.split('\n');
    // One status line and one prompt: the frame drawn at the old width was cleared, not left behind.
    expect(lines.filter(line => line.includes('session ')).length).toBe(1);
    expect(lines.filter(line => line.includes('❯') && !line.includes('a long paragraph')).length).toBe(1);
    expect(Math.max(...lines.map(line => line.trimEnd().length))).toBeLessThanOrEqual(50);
    const shown = lines.join(' ').replace(/\s+/g, ' ');
    expect(shown).toContain('word118 word119 THE-END');
  });

  it('leaves with /exit, status 0, and restores the terminal', async () => {
    const tty = await startAlex([]);
    tty.type('/exit');
    tty.press('Enter');
    await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'alex to exit');
    expect(tty.exitStatus()).toBe(0);
    await tty.waitFor(() => tty.sttyAfterExit(), 5000, 'stty after exit');
    const modes = tty.sttyAfterExit()!.split(/\s+/);
    expect(modes).toContain('icanon');
    expect(modes).toContain('echo');
    expect(tty.cursorVisible()).toBe(true);
    const output = tty.output();
    expect(output.lastIndexOf('\u001B[?2004l')).toBeGreaterThan(output.lastIndexOf('\u001B[?2004h'));
  });

  it('exits on Ctrl+D', async () => {
    const tty = await startAlex([]);
    tty.press('C-d');
    await tty.waitFor(() => tty.exitStatus() !== undefined, 5000, 'alex to exit');
    expect(tty.exitStatus()).toBe(0);
  });

  it('draws no colours when NO_COLOR is set', async () => {
    const tty = await startAlex([{text: 'Plain **text**.'}], {}, {NO_COLOR: '1'});
    tty.type('hi');
    tty.press('Enter');
    await tty.waitForScreen('Plain text.');
    // SGR colour codes: 30–37, 90–97 (foreground), 38;5/38;2 (256 and true colour).
    expect(tty.output()).not.toMatch(/\u001B\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/);
  });

  it('starts through its shebang, as a shell that finds alex on PATH runs it', async () => {
    repo = tempRepo();
    fake = await startFakeModel([]);
    terminal = await startTerminal({
      command: alexBin,
      cwd: repo.dir,
      env: {PATH: process.env.PATH, HOME: repo.home, ALEX_HOME: repo.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', OPENAI_BASE_URL: fake.url},
    });
    await terminal.waitForScreen(/❯[\s\S]*session /);
    terminal.type('/exit');
    terminal.press('Enter');
    await terminal.waitFor(() => terminal!.exitStatus() !== undefined, 5000, 'alex to exit');
    expect(terminal.exitStatus()).toBe(0);
  });
});
