import {afterEach, describe, expect, it} from 'vitest';
import type {AgentEvent} from '../../src/agent/events.js';
import {keys, renderApp, type AppHarness} from '../helpers/render-app.js';
import {sleep, streamedAnswer, type ScriptedTurn} from '../helpers/scripted-agent.js';

let app: AppHarness | undefined;

afterEach(() => {
  app?.unmount();
  app = undefined;
});

const done: AgentEvent = {type: 'done', reason: 'end', result: '', turns: 1, usage: {inputTokens: 1, outputTokens: 1}, durationMs: 1};

describe('streaming answers', () => {
  it('draws a streamed answer in frames, not once per token', async () => {
    const text = Array.from({length: 40}, (_, index) => `Line ${index} of a long answer.`).join('\n\n');
    app = renderApp([streamedAnswer(text, {parts: 400, delayMs: 1})]);
    await app.press('go', keys.enter);
    const before = app.frames.length;
    await app.waitFor(frame => frame.includes('Line 39 of a long answer.'), 'the whole answer');
    const frames = app.frames.length - before;
    expect(frames).toBeLessThan(80);
    expect(app.lastFrame()).toContain('Line 0 of a long answer.');
  });

  it('renders markdown: headings, lists, bold, inline code and fenced code with its language', async () => {
    const text = '# Plan\n\nSome **bold** and `code`.\n\n- first\n- second\n\n1. one\n2. two\n\n```python\nprint("hi")\n```\n';
    app = renderApp([streamedAnswer(text, {parts: 20})]);
    await app.press('go', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('print("hi")'), 'the code block');
    expect(frame).toContain('Plan');
    expect(frame).not.toContain('# Plan');
    expect(frame).toContain('Some bold and code.');
    expect(frame).toContain('• first');
    expect(frame).toContain('2. two');
    expect(frame).toContain('─ python');
    expect(frame).not.toContain('```');
  });

  it('keeps escape sequences from the model off the terminal', async () => {
    app = renderApp([streamedAnswer('safe \u001B]52;c;ZXZpbA==\u0007text \u001B[2Jhere \u0007bell')]);
    await app.press('go', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('here'), 'the answer');
    expect(frame).toContain('safe text here ^Gbell');
    expect(frame).not.toContain('\u001B]52');
    expect(frame).not.toContain('\u001B[2J');
  });

  it('shows a running tool call with a spinner, then its outcome and summary', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    const turn: ScriptedTurn = async function* () {
      const call = {id: 'call_1', name: 'bash', arguments: '{"command":"npm test"}'};
      yield {type: 'tool_start', call, input: {command: 'npm test'}};
      await released;
      yield {type: 'tool_end', call, result: {content: 'Exit code 1.\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8', isError: true, summary: 'exit 1'}, durationMs: 1200};
      yield done;
    };
    app = renderApp([turn]);
    await app.press('test it', keys.enter);
    const running = await app.waitFor(frame => frame.includes('bash npm test'), 'the running row');
    expect(running).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] bash npm test/);
    release();
    const finished = await app.waitFor(frame => frame.includes('exit 1'), 'the finished row');
    expect(finished).toContain('✗ bash npm test — exit 1 (1.2 s)');
    expect(finished).toContain('line 6');
    expect(finished).not.toContain('line 7');
    expect(finished).toContain('… 2 more lines');
  });

  it('shows an error as one line and lets the session go on', async () => {
    const failing: ScriptedTurn = async function* () {
      yield {type: 'error', message: 'The endpoint http://127.0.0.1:9/v1 refused the connection.\nIs the server running?', code: 'network', exitCode: 1};
      yield {...done, reason: 'error'};
    };
    app = renderApp([failing, streamedAnswer('Back again.')]);
    await app.press('first', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('refused'), 'the error');
    expect(frame).toContain('✗ The endpoint http://127.0.0.1:9/v1 refused the connection. Is the server running?');
    await app.press('second', keys.enter);
    await app.waitFor(frame => frame.includes('Back again.'), 'the next answer');
  });

  it('shows a failed agent start as one line and still takes input', async () => {
    app = renderApp([], {startAgent: async () => Promise.reject(new Error('No API key for https://api.openai.com/v1: set OPENAI_API_KEY.'))});
    await app.waitFor(frame => frame.includes('No API key'), 'the error');
    await app.press('hello');
    expect(app.lastFrame()).toContain('❯ hello');
  });

  it('queues a prompt typed during a turn and sends it when the turn ends', async () => {
    app = renderApp([streamedAnswer('First answer.', {parts: 10, delayMs: 30}), streamedAnswer('Second answer.')]);
    await app.press('one', keys.enter);
    await sleep(40);
    await app.press('two', keys.enter);
    expect(await app.waitFor(frame => frame.includes('queued: two'), 'the queued prompt')).toBeTruthy();
    await app.waitFor(frame => frame.includes('Second answer.'), 'the second answer');
    expect((await app.agent).prompts).toEqual(['one', 'two']);
    expect(app.lastFrame()).not.toContain('queued: two');
  });
});

describe('stopping a turn', () => {
  it('stops the turn on Esc, keeps the partial answer and gives the prompt back', async () => {
    const text = Array.from({length: 100}, (_, index) => `word${index}`).join(' ');
    app = renderApp([streamedAnswer(text, {parts: 100, delayMs: 15}), streamedAnswer('Next.')]);
    await app.press('long', keys.enter);
    await app.waitFor(frame => frame.includes('word3'), 'some text');
    await app.press(keys.escape);
    const frame = await app.waitFor(frame => frame.includes('Cancelled.'), 'the cancel mark');
    expect(frame).toContain('word3');
    expect(frame).not.toContain('word99');
    const agent = await app.agent;
    expect(agent.signals[0]!.aborted).toBe(true);
    await app.press('again', keys.enter);
    await app.waitFor(frame => frame.includes('Next.'), 'the next answer');
  });

  it('stops the turn on Ctrl+C and puts queued prompts back into the input', async () => {
    app = renderApp([streamedAnswer('slow '.repeat(50), {parts: 50, delayMs: 20})]);
    await app.press('long', keys.enter);
    await sleep(50);
    await app.press('later', keys.enter);
    await app.press(keys.ctrlC);
    const frame = await app.waitFor(frame => frame.includes('Cancelled.'), 'the cancel mark');
    expect(frame).toMatch(/❯ later/);
    expect((await app.agent).prompts).toEqual(['long']);
  });

  it('asks for a second Ctrl+C on an empty prompt before it exits', async () => {
    app = renderApp([]);
    await app.press(keys.ctrlC);
    expect(app.lastFrame()).toContain('Press Ctrl+C again to exit.');
  });
});
