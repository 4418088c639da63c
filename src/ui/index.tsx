// The interactive TUI's entry, loaded by dynamic import only when alex runs on a terminal. The
// first frame needs Ink, React, the components and the session file; the agent (providers, tools,
// execa), the MCP servers and marked load after it, while the user starts typing.
import {render} from 'ink';
import type {SessionChoice} from '../agent/run-session.js';
import {confirmSettingsChange, type RunConfig} from '../config/index.js';
import {exitCodes} from '../errors.js';
import {handleStopSignals, signalExitCodes} from '../stop-signals.js';
import {visibleText} from '../terminal-text.js';
import {App} from './app.js';
import {QuestionDialog, settingsChoices} from './components/question-dialog.js';
import {ApprovalBroker} from './approval-broker.js';
import type {SessionInfo} from './conversation-agent.js';
import {historyFile, PromptHistory} from './prompt-history.js';
import {TuiRuntime} from './runtime.js';

export type TuiOptions = {
  config: RunConfig;
  /** The session to continue (-c, -r); a new one when empty. */
  session: SessionChoice;
};

// Bracketed paste: pasted text arrives marked, so a pasted newline does not send the prompt.
const pasteOn = '\u001B[?2004h';
const pasteOff = '\u001B[?2004l';

function sessionInfo(config: RunConfig): SessionInfo {
  return {provider: config.provider, baseUrl: config.baseUrl, approval: config.approval, workspace: config.workspace, contextWindow: config.contextWindow};
}

/**
 * Asks once, before anything runs, whether a change to the settings file that loosens safety (a
 * tool may have made it) takes effect; no, or Ctrl+C, keeps the confirmed values for this run.
 */
async function confirmSettings(config: RunConfig): Promise<RunConfig> {
  const review = config.settingsReview;
  if (!review) {
    return config;
  }

  const lines = [`${review.file} changed since its settings were last confirmed (a tool may have changed it):`, ...review.changes.map(change => `  ${visibleText(change.text)}`)];
  let answer = 'n';
  const onAnswer = (key: string) => {
    answer = key;
    question.unmount();
  };

  const question = render(<QuestionDialog lines={lines} choices={settingsChoices} onAnswer={onAnswer} />, {patchConsole: false});
  await question.waitUntilExit();

  return answer === 'y' ? confirmSettingsChange(config, review) : config;
}

/** Runs the TUI until the user leaves; returns the exit status. */
export async function runTui(options: TuiOptions): Promise<number> {
  const config = await confirmSettings(options.config);
  // Opens (or, for -c/-r, loads) the session before the first frame, which shows its transcript.
  const runtime = new TuiRuntime(config, options.session);
  const {initial} = runtime;

  const restoreTerminal = () => process.stdout.write(pasteOff);
  process.stdout.write(pasteOn);
  process.once('exit', restoreTerminal);
  const app = (
    <App
      info={sessionInfo(config)}
      model={config.model}
      sessionId={initial.sessionId}
      backend={runtime}
      broker={new ApprovalBroker(config.workspace)}
      history={new PromptHistory(historyFile(config.dataDir, config.workspace))}
      initialMessages={initial.messages}
    />
  );
  const instance = render(app, {exitOnCtrlC: false, patchConsole: false});
  // Servers boot once the prompt is drawn; their tools join the first request after they are ready.
  setImmediate(() => void runtime.startMcp());

  // A terminal closed or a kill: leave like /exit, so the session is saved and servers stop. A
  // second signal while that runs kills the servers' process groups and exits at once.
  let exitCode: number = exitCodes.ok;
  const signals = handleStopSignals(signal => {
    exitCode = signalExitCodes[signal];
    instance.unmount();
  });

  try {
    await instance.waitUntilExit();
  } finally {
    signals.closing();
    process.off('exit', restoreTerminal);
    restoreTerminal();
    await runtime.close();
    signals.dispose();
  }

  return exitCode;
}
