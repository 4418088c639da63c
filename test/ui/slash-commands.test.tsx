import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp, type AppHarness} from '../helpers/render-app.js';
import {streamedAnswer} from '../helpers/scripted-agent.js';

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
    await app.waitFor(frame => frame.includes('not built yet'), 'the answer of /compact');
    expect(app.lastFrame()).toContain('/compact (context compaction) is not built yet in this version of alex.');
  });

  it('says plainly that sessions and MCP are not built yet', async () => {
    app = renderApp([]);
    await app.press('/sessions', keys.enter, '/resume 0abc', keys.enter, '/mcp', keys.enter);
    const frame = await app.waitFor(frame => frame.includes('/mcp (MCP servers) is not built yet'), 'the answers');
    expect(frame).toContain('/sessions (sessions) is not built yet');
    expect(frame).toContain('/resume (sessions) is not built yet');
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
  });

  it('reports an unknown command as one line', async () => {
    app = renderApp([]);
    await app.press('/frobnicate', keys.enter);
    await app.waitFor(frame => frame.includes('Unknown command /frobnicate; /help lists the commands.'), 'the error');
  });
});
