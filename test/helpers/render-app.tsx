import {render} from 'ink-testing-library';
import {ApprovalBroker} from '../../src/ui/approval-broker.js';
import {App} from '../../src/ui/app.js';
import type {AgentFactory, SessionInfo} from '../../src/ui/conversation-agent.js';
import type {PromptHistory} from '../../src/ui/prompt-history.js';
import {ScriptedAgent, sleep, type ScriptedTurn} from './scripted-agent.js';
import {TestBackend} from './test-backend.js';

export const testInfo: SessionInfo = {provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', approval: 'ask', workspace: '/tmp/workspace', contextWindow: undefined};

// Keys as a terminal sends them.
export const keys = {enter: '\r', escape: '\u001B', up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', tab: '\t', backspace: '\u007F', ctrlA: '\u0001', ctrlC: '\u0003', ctrlD: '\u0004', ctrlE: '\u0005', ctrlJ: '\n', ctrlU: '\u0015', ctrlW: '\u0017'};

export type AppHarness = ReturnType<typeof render> & {agent: Promise<ScriptedAgent>; broker: ApprovalBroker; backend: TestBackend; press(...input: string[]): Promise<void>; waitFor(check: (frame: string) => boolean, what?: string, timeoutMs?: number): Promise<string>};

/** Renders the whole TUI with a scripted agent; `press` writes keys one read at a time. */
export function renderApp(turns: ScriptedTurn[], options: {history?: PromptHistory; info?: Partial<SessionInfo>; startAgent?: AgentFactory} = {}): AppHarness {
  const broker = new ApprovalBroker('/tmp/workspace');
  let resolveAgent: (agent: ScriptedAgent) => void = () => undefined;
  const agent = new Promise<ScriptedAgent>(resolve => {
    resolveAgent = resolve;
  });
  const startAgent: AgentFactory = options.startAgent ?? (async approver => {
    const created = new ScriptedAgent(turns, approver);
    resolveAgent(created);
    return created;
  });
  const backend = new TestBackend(startAgent);
  const instance = render(<App info={{...testInfo, ...options.info}} model="test-model" sessionId="0test0000-abcdef12" backend={backend} broker={broker} history={options.history} />);
  const press = async (...input: string[]) => {
    for (const chunk of input) {
      instance.stdin.write(chunk);
      // Ink holds a lone ESC for one tick to tell it from the start of a sequence.
      await sleep(chunk === keys.escape ? 20 : 5);
    }
  };

  const waitFor = async (check: (frame: string) => boolean, what = 'a frame', timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = instance.lastFrame() ?? '';
      if (check(frame)) {
        return frame;
      }

      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}. Last frame:\n${frame}`);
      }

      await sleep(10);
    }
  };

  return {...instance, agent, broker, backend, press, waitFor};
}
