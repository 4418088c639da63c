import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp, type AppHarness} from '../helpers/render-app.js';
import {sleep, streamedAnswer} from '../helpers/scripted-agent.js';

let app: AppHarness | undefined;

afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe('slash commands', () => {
  it('lists matching commands while a name is typed and completes it with Tab', async () => {
    app = renderApp([]);
    await app.press('/');
    const all = app.lastFrame()!;
    for (const name of ['/help', '/clear', '/compact', '/sessions', '/resume <id>', '/model [name]', '/mcp', '/status', '/exit']) {
      expect(all).toContain(name);
    }

    await app.press('st');
    expect(app.lastFrame()).toContain('/status');
    expect(app.lastFrame()).not.toContain('/help');
    await app.press(keys.tab);
    expect(app.lastFrame()).toMatch(/❯ \/status/);
  });

  it('chooses among several matches with Down and runs the chosen one with Enter', async () => {
    app = renderApp([]);
    await app.press('/c', keys.down, keys.enter);
    await app.waitFor(frame => frame.includes('Compacted 4 earlier messages.'), 'the answer of /compact');
    expect(app.lastFrame()).toContain('Compacting in the background');
    expect(app.backend.calls).toEqual(['compact']);
  });

  it('passes a focus to /compact and arguments to /mcp', async () => {
    app = renderApp([]);
    await app.press('/compact the parser work', keys.enter);
    await app.waitFor(frame => frame.includes('Compacted'), 'the compaction');
    await app.press('/mcp restart docs', keys.enter);
    await app.waitFor(frame => frame.includes('3 tools, booted in 0.4 s'), 'the servers');
    expect(app.backend.calls).toEqual(['compact the parser work', 'mcp restart docs']);
  });

  it('resumes a session with /resume, showing its transcript, and reports an unknown id as one line', async () => {
    app = renderApp([]);
    app.backend.sessions.set('0old1', [{role: 'user', content: 'fix the parser'}, {role: 'assistant', content: 'Fixed the parser.'}]);
    await app.press('/sessions', keys.enter);
    await app.waitFor(frame => frame.includes('0old1'), 'the list');
    await app.press('/resume 0nope', keys.enter);
    await app.waitFor(frame => frame.includes('/resume failed: No session with id 0nope.'), 'the error');
    await app.press('/resume 0old1', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('Resumed session 0old1 (2 messages).'), 'the resumed session');
    expect(frame).toContain('fix the parser');
    expect(frame).toContain('Fixed the parser.');
    expect(frame).toContain('session 0old1');
  });

  it('shows the save marker, context and MCP servers in the status line', async () => {
    app = renderApp([]);
    await app.waitFor(frame => frame.includes('session 0test0000-abcdef12 · saved'), 'the saved marker');
    app.backend.setStatus({
      save: {status: 'failing', error: 'ENOSPC: no space left on device', file: '/tmp/s.jsonl', unsaved: 3},
      mcp: {ready: 1, configured: 2},
      context: {usedTokens: 7300, window: 10_000, percent: 73, summary: 'running', compacted: undefined, notice: 'The summary failed: timed out after 45 s; trying again in 30 s.'},
    });
    const frame = await app.waitFor(frame => frame.includes('NOT SAVED'), 'the failing marker');
    expect(frame).toContain('ctx 73% compacting · mcp 1/2');
    expect(frame).toContain('NOT SAVED: ENOSPC: no space left on device');
    expect(frame).toContain('The summary failed: timed out after 45 s');
  });

  it("asks whether to trust the folder's MCP servers, ignoring keys typed as it appears", async () => {
    app = renderApp([]);
    await app.waitFor(frame => frame.includes('saved'), 'the first frame');
    app.backend.setStatus({trust: ["This folder's .mcp.json has MCP servers that run only in a trusted folder. Trusting the folder runs:", '  docs: npx -y docs-server']});
    await app.waitFor(frame => frame.includes('npx -y docs-server'), 'the question');
    expect(app.lastFrame()).toContain('y trust this folder and start them');
    await app.press('y');
    expect(app.backend.calls).toEqual([]);
    await sleep(350);
    await app.press('n');
    await app.waitFor(frame => !frame.includes('docs-server'), 'the question to go');
    expect(app.backend.calls).toEqual(['trust false']);
    await app.press('hello');
    await app.waitFor(frame => frame.includes('❯ hello'), 'the prompt to take keys again');
  });

  it('asks whether to continue a busy session in a copy, and shows the copy on c', async () => {
    app = renderApp([]);
    await app.waitFor(frame => frame.includes('saved'), 'the first frame');
    app.backend.setStatus({busy: ['Session 0old is open in another alex (process 42).', 'Continue in a copy of it, or leave it?']});
    await app.waitFor(frame => frame.includes('c continue in a copy'), 'the question');
    await sleep(350);
    await app.press('c');
    const frame = await app.waitFor(frame => frame.includes('Continuing in a copy.'), 'the copy');
    expect(frame).toContain('copied question');
    expect(frame).toContain('session 0copy1');
    expect(app.backend.calls).toEqual(['busy true']);
  });

  it('shows lines the backend sends, such as a failed MCP server', async () => {
    app = renderApp([]);
    await app.waitFor(frame => frame.includes('saved'), 'the first frame');
    app.backend.notice('MCP server "docs" failed: exited with code 1');
    await app.waitFor(frame => frame.includes('MCP server "docs" failed: exited with code 1'), 'the notice');
  });

  it('shows the model, endpoint, tokens and last turn with /status', async () => {
    app = renderApp([streamedAnswer('Done.')], {info: {contextWindow: 1000}});
    await app.press('hi', keys.enter);
    await app.waitFor(frame => frame.includes('Done.'), 'the answer');
    await app.press('/status', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('Last turn:'), 'the status');
    expect(frame).toContain('Model: scripted-model (openai)');
    expect(frame).toContain('Endpoint: http://127.0.0.1:9/v1');
    expect(frame).toContain('Tokens this conversation: 100 in / 20 out');
    expect(frame).toContain('Session file: /tmp/session.jsonl (saved)');
    expect(frame).toContain('Context: 12% of 1,000 tokens');
    expect(frame).toMatch(/Last turn: \d+\.\d s, 1 model requests, first text after \d+ ms/);
    expect(frame).toContain('ctx 12%');
  });

  it('changes the model with /model name', async () => {
    app = renderApp([streamedAnswer('ok')]);
    await app.press('/model gpt-test', keys.enter);
    await app.waitFor(frame => frame.includes('Model set to gpt-test'), 'the confirmation');
    expect(app.lastFrame()).toMatch(/gpt-test · ctx –/);
    expect((await app.agent).model).toBe('gpt-test');
  });

  it('starts a new conversation with a new agent on /clear', async () => {
    let started = 0;
    app = renderApp([], {
      startAgent: async () => {
        started++;
        return {model: 'm', setModel() {}, async *run() {}};
      },
    });
    await app.waitFor(() => started === 1, 'the first agent');
    await app.press('/clear', keys.enter);
    await app.waitFor(frame => frame.includes('New conversation.'), 'the new conversation');
    expect(started).toBe(2);
    expect(app.lastFrame()).toContain('session 0new1');
  });

  it('reports an unknown command as one line', async () => {
    app = renderApp([]);
    await app.press('/frobnicate', keys.enter);
    await app.waitFor(frame => frame.includes('Unknown command /frobnicate; /help lists the commands.'), 'the error');
  });
});
