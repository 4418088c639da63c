import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {PromptHistory} from '../../src/ui/prompt-history.js';
import {keys, renderApp, type AppHarness} from '../helpers/render-app.js';
import {streamedAnswer} from '../helpers/scripted-agent.js';

let app: AppHarness | undefined;
let folder: string | undefined;

afterEach(() => {
  app?.unmount();
  app = undefined;
  if (folder) {
    rmSync(folder, {recursive: true, force: true});
    folder = undefined;
  }
});

const promptLine = (frame: string) => frame.split('\n').filter(line => line.startsWith('❯')).at(-1) ?? '';

describe('prompt input', () => {
  it('shows typed text and sends it with Enter', async () => {
    app = renderApp([streamedAnswer('Hi back.')]);
    await app.press('h', 'e', 'l', 'l', 'o');
    expect(promptLine(app.lastFrame()!)).toContain('hello');
    await app.press(keys.enter);
    await app.waitFor(frame => frame.includes('Hi back.'), 'the answer');
    const agent = await app.agent;
    expect(agent.prompts).toEqual(['hello']);
    expect(promptLine(app.lastFrame()!).trim()).toBe('❯');
  });

  it('adds a new line with Ctrl+J and with a backslash before Enter', async () => {
    app = renderApp([streamedAnswer('ok')]);
    await app.press('one', keys.ctrlJ, 'two\\', keys.enter, 'three');
    const frame = app.lastFrame()!;
    expect(frame).toContain('❯ one');
    expect(frame).toMatch(/^\s+two$/m);
    expect(frame).toMatch(/^\s+three/m);
    await app.press(keys.enter);
    await app.waitFor(frame => frame.includes('ok'), 'the answer');
    expect((await app.agent).prompts).toEqual(['one\ntwo\nthree']);
  });

  it('edits like a shell with Ctrl+A, Ctrl+E, Ctrl+W and Ctrl+U', async () => {
    app = renderApp([streamedAnswer('ok')]);
    await app.press('run the tests', keys.ctrlW);
    expect(promptLine(app.lastFrame()!)).toMatch(/❯ run the\s*$/);
    await app.press(keys.ctrlA, 'please ', keys.ctrlE, 'now');
    expect(promptLine(app.lastFrame()!)).toMatch(/❯ please run the now\s*$/);
    await app.press(keys.left, keys.left, keys.left, keys.ctrlU);
    expect(promptLine(app.lastFrame()!)).toMatch(/❯ now\s*$/);
    await app.press(keys.ctrlE, keys.backspace, keys.backspace);
    expect(promptLine(app.lastFrame()!)).toMatch(/❯ n\s*$/);
  });

  it('takes a bracketed paste of many lines as one input without sending it', async () => {
    app = renderApp([streamedAnswer('ok')]);
    await app.press('\u001B[200~', 'first line\rsecond line\r', 'third line', '\u001B[201~');
    const frame = app.lastFrame()!;
    expect(frame).toContain('❯ first line');
    expect(frame).toMatch(/^\s+second line$/m);
    expect(frame).toMatch(/^\s+third line/m);
    expect((await app.agent).prompts).toEqual([]);
    await app.press(keys.enter);
    await app.waitFor(frame => frame.includes('ok'), 'the answer');
    expect((await app.agent).prompts).toEqual(['first line\nsecond line\nthird line']);
  });

  it('recalls earlier prompts of the folder with Up and Down', async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'alex-history-'));
    const history = new PromptHistory(path.join(folder, 'history.jsonl'));
    await history.add('fix the failing test');
    await history.add('explain main.ts');
    app = renderApp([streamedAnswer('ok')], {history});
    await app.press('draft');
    await app.waitFor(() => true);
    await new Promise(resolve => setTimeout(resolve, 50));
    await app.press(keys.up);
    expect(promptLine(app.lastFrame()!)).toContain('explain main.ts');
    await app.press(keys.up);
    expect(promptLine(app.lastFrame()!)).toContain('fix the failing test');
    await app.press(keys.down, keys.down);
    expect(promptLine(app.lastFrame()!)).toContain('draft');
  });

  it('stores sent prompts in the history file', async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'alex-history-'));
    const history = new PromptHistory(path.join(folder, 'history.jsonl'));
    app = renderApp([streamedAnswer('ok')], {history});
    await app.press('remember me', keys.enter);
    await app.waitFor(frame => frame.includes('ok'), 'the answer');
    await expect.poll(() => history.load()).toEqual(['remember me']);
  });
});
