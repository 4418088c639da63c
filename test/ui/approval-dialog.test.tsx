import {afterEach, describe, expect, it} from 'vitest';
import type {ApprovalAnswer, ApprovalRequest} from '../../src/agent/approval.js';
import type {AgentEvent} from '../../src/agent/events.js';
import {approvalKeyGuardMs} from '../../src/ui/components/approval-dialog.js';
import {isAbortError} from '../../src/errors.js';
import {keys, renderApp, type AppHarness} from '../helpers/render-app.js';
import {sleep, type ScriptedTurn} from '../helpers/scripted-agent.js';

let app: AppHarness | undefined;

afterEach(() => {
  app?.unmount();
  app = undefined;
});

const done: AgentEvent = {type: 'done', reason: 'end', result: '', turns: 1, usage: {inputTokens: 1, outputTokens: 1}, durationMs: 1};

function bashRequest(command: string, id = 'call_1'): ApprovalRequest {
  return {call: {id, name: 'bash', arguments: JSON.stringify({command})}, input: {command}, access: {kind: 'exec', command}, reason: 'runs a shell command'};
}

const editRequest: ApprovalRequest = {
  call: {id: 'call_e', name: 'edit_file', arguments: '{}'},
  input: {path: 'a.txt', old_string: 'hello', new_string: 'goodbye'},
  access: {kind: 'edit', paths: ['/tmp/workspace/a.txt']},
  reason: 'edits a.txt',
};

/** A turn that asks for each request in order and records the answers. */
function asking(requests: ApprovalRequest[], answers: Array<ApprovalAnswer | 'aborted'>): ScriptedTurn {
  return async function* (_prompt, signal, approver) {
    for (const request of requests) {
      try {
        answers.push(await approver.approve(request, signal));
      } catch (error) {
        answers.push(isAbortError(error) ? 'aborted' : {approved: false, message: String(error)});
        yield {...done, reason: 'aborted'};
        return;
      }
    }

    yield {type: 'text_delta', text: 'All asked.'};
    yield {type: 'message', message: {role: 'assistant', content: 'All asked.'}};
    yield done;
  };
}

describe('approval dialog', () => {
  it('ignores keys typed just before the question appeared', async () => {
    const answers: Array<ApprovalAnswer | 'aborted'> = [];
    app = renderApp([asking([bashRequest('ls')], answers)]);
    await app.press('go', keys.enter);
    await app.waitFor(frame => frame.includes('$ ls'), 'the dialog');
    await app.press('y');
    await sleep(approvalKeyGuardMs);
    expect(answers).toEqual([]);
    await app.press('y');
    await app.waitFor(frame => frame.includes('All asked.'), 'the end of the turn');
    expect(answers).toEqual([{approved: true}]);
  });

  it('shows the change of an edit and approves it with y', async () => {
    const answers: Array<ApprovalAnswer | 'aborted'> = [];
    app = renderApp([asking([editRequest], answers)]);
    await app.press('edit', keys.enter);
    const dialog = await app.waitFor(frame => frame.includes('edit_file edits a.txt'), 'the dialog');
    expect(dialog).toContain('-hello');
    expect(dialog).toContain('+goodbye');
    expect(dialog).toContain('y yes');
    await sleep(approvalKeyGuardMs);
    await app.press('y');
    await app.waitFor(frame => frame.includes('All asked.'), 'the end of the turn');
    expect(answers).toEqual([{approved: true}]);
  });

  it('says yes for the rest of the session to the same command prefix with a', async () => {
    const answers: Array<ApprovalAnswer | 'aborted'> = [];
    app = renderApp([asking([bashRequest('npm test -- --watch=false'), bashRequest('npm test src/a.test.ts', 'call_2'), bashRequest('npm install', 'call_3')], answers)]);
    await app.press('test', keys.enter);
    const dialog = await app.waitFor(frame => frame.includes('$ npm test -- --watch=false'), 'the dialog');
    expect(dialog).toContain('a yes to "npm test …" commands this session');
    await sleep(approvalKeyGuardMs);
    await app.press('a');
    await app.waitFor(frame => frame.includes('$ npm install'), 'the question for another command');
    expect(answers).toEqual([{approved: true}, {approved: true}]);
    expect(app.lastFrame()).toContain('Allowed for this session: bash commands starting with "npm test".');
    await sleep(approvalKeyGuardMs);
    await app.press('y');
    await app.waitFor(frame => frame.includes('All asked.'), 'the end of the turn');
  });

  it('refuses with n and passes the reason on to the model', async () => {
    const answers: Array<ApprovalAnswer | 'aborted'> = [];
    app = renderApp([asking([bashRequest('rm -rf build')], answers)]);
    await app.press('clean', keys.enter);
    await app.waitFor(frame => frame.includes('$ rm -rf build'), 'the dialog');
    await sleep(approvalKeyGuardMs);
    await app.press('n');
    await app.waitFor(frame => frame.includes('Reason for the model'), 'the reason input');
    await app.press('keep the build folder', keys.enter);
    await app.waitFor(frame => frame.includes('All asked.'), 'the end of the turn');
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    expect(answer).toMatchObject({approved: false});
    expect((answer as {message: string}).message).toContain('Their reason: keep the build folder');
  });

  it('takes the question away when Esc stops the turn', async () => {
    const answers: Array<ApprovalAnswer | 'aborted'> = [];
    app = renderApp([asking([bashRequest('make')], answers)]);
    await app.press('build', keys.enter);
    await app.waitFor(frame => frame.includes('$ make'), 'the dialog');
    await app.press(keys.escape);
    const frame = await app.waitFor(frame => frame.includes('Cancelled.'), 'the cancel mark');
    expect(answers).toEqual(['aborted']);
    expect(frame).not.toContain('y yes');
    expect(app.broker.current()).toBeUndefined();
  });
});
