// The interactive TUI's entry, loaded by dynamic import only when alex runs on a terminal. The
// first frame needs Ink, React and the components; the agent (providers, tools, execa) and
// marked load after it, while the user starts typing.
import {render} from 'ink';
import type {RunConfig} from '../config/index.js';
import {exitCodes} from '../errors.js';
import type {Message} from '../llm/types.js';
import {newSessionId} from '../session/id.js';
import {App} from './app.js';
import {ApprovalBroker} from './approval-broker.js';
import type {AgentFactory, SessionInfo} from './conversation-agent.js';
import {historyFile, PromptHistory} from './prompt-history.js';

export type TuiOptions = {
  config: RunConfig;
  /** The conversation to continue (-c, -r); a new one when absent. */
  messages?: Message[];
  /** The id of the continued session; a new id when absent. */
  sessionId?: string;
};

// Bracketed paste: pasted text arrives marked, so a pasted newline does not send the prompt.
const pasteOn = '\u001B[?2004h';
const pasteOff = '\u001B[?2004l';

function sessionInfo(config: RunConfig): SessionInfo {
  const configured = config.mcp.servers.length;
  return {
    provider: config.provider,
    baseUrl: config.baseUrl,
    approval: config.approval,
    workspace: config.workspace,
    contextWindow: config.contextWindow,
    // Not supported yet: starting MCP servers. Configured ones show as not running.
    mcp: configured === 0 ? undefined : {running: 0, configured},
  };
}

/** Runs the TUI until the user leaves; returns the exit status. */
export async function runTui(options: TuiOptions): Promise<number> {
  const {config} = options;
  const startAgent: AgentFactory = async (approver, messages) => {
    const {createAgent} = await import('../agent/setup.js');
    const {agent} = await createAgent(config, approver, messages);
    return agent;
  };

  const restoreTerminal = () => process.stdout.write(pasteOff);
  process.stdout.write(pasteOn);
  process.once('exit', restoreTerminal);
  const app = (
    <App
      info={sessionInfo(config)}
      model={config.model}
      sessionId={options.sessionId ?? newSessionId()}
      startAgent={startAgent}
      broker={new ApprovalBroker(config.workspace)}
      history={new PromptHistory(historyFile(config.dataDir, config.workspace))}
      initialMessages={options.messages}
    />
  );
  const instance = render(app, {exitOnCtrlC: false, patchConsole: false});
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('exit', restoreTerminal);
    restoreTerminal();
  }

  return exitCodes.ok;
}
