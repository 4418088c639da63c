import {once} from 'node:events';
import {headlessApprover} from '../agent/approval.js';
import type {AgentEvent} from '../agent/events.js';
import {createAgent} from '../agent/setup.js';
import {heldBackLine} from '../config/confirmation.js';
import type {RunConfig} from '../config/index.js';
import {exitCodes} from '../errors.js';
import {redactSecrets} from '../redact.js';
import {inertText} from '../terminal-text.js';
import {startMcpTools} from '../tools/mcp-tools.js';
import {mcpWaitLeft, reportMcp} from './mcp-report.js';
import {contextRecord, initRecord, messageRecord, resultRecord, type OutputFormat} from './output.js';
import {progressLine} from './progress.js';
import {handleStopSignals} from '../stop-signals.js';
import {openRunSession, type RunSession, type SessionChoice} from '../agent/run-session.js';

export type HeadlessOptions = {
  config: RunConfig;
  prompt: string;
  format: OutputFormat;
  /** The session to continue; a new one when absent. */
  session?: SessionChoice;
};

function writeLine(stream: NodeJS.WriteStream, value: unknown): void {
  stream.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

function exitCodeFor(done: Extract<AgentEvent, {type: 'done'}>, errorExit: number | undefined): number {
  switch (done.reason) {
    case 'end': {
      return exitCodes.ok;
    }

    case 'aborted': {
      return 130;
    }

    case 'max_turns': {
      return exitCodes.failed;
    }

    case 'error': {
      return errorExit ?? exitCodes.failed;
    }
  }
}

/** Runs one prompt to completion without a TUI; returns the exit status. */
export async function runHeadless(options: HeadlessOptions): Promise<number> {
  if (options.config.settingsReview) {
    process.stderr.write(`alex: warning: ${inertText(heldBackLine(options.config.settingsReview))}\n`);
  }

  const session = openRunSession(options.config, options.session ?? {}, line => process.stderr.write(`alex: warning: ${inertText(redactSecrets(line))}\n`));
  try {
    return await runRecorded(options, session);
  } finally {
    await session.recorder.close();
  }
}

async function runRecorded({config, prompt, format}: HeadlessOptions, session: RunSession): Promise<number> {
  const {agent, tools, compactor, warnings} = await createAgent(config, headlessApprover, session.messages);
  for (const warning of warnings) {
    process.stderr.write(`alex: warning: ${inertText(warning)}\n`);
  }

  if (session.compaction) {
    compactor.restore(session.compaction);
  }

  const controller = new AbortController();
  // SIGINT, SIGTERM or SIGHUP aborts the run (the session is then saved); a second one, or any
  // once the run is over and the servers are being stopped, kills them outright.
  const signals = handleStopSignals(signal => controller.abort(new DOMException(`stopped by ${signal}`, 'AbortError')));
  const mcp = await startMcpTools(config, tools);
  const stopReporting = reportMcp(config, mcp, process.stderr);
  // Ctrl+C while servers start stops the wait; the run then ends as aborted and closes them.
  await Promise.race([mcp?.settle(mcpWaitLeft()), once(controller.signal, 'abort')]);
  const sessionId = session.id;
  const showProgress = format === 'text' && process.stderr.isTTY;
  let errorExit: number | undefined;
  if (format === 'stream-json') {
    writeLine(process.stdout, initRecord({sessionId, model: config.model, workspace: config.workspace, tools: tools.specs().map(spec => spec.name), approval: config.approval}));
  }

  try {
    for await (const event of agent.run(prompt, controller.signal)) {
      session.recorder.handle(event);
      if (event.type === 'error') {
        errorExit = event.exitCode;
        process.stderr.write(`alex: ${inertText(redactSecrets(event.message))}\n`);
      }

      if (showProgress) {
        const line = progressLine(event);
        if (line) {
          writeLine(process.stderr, line);
        }
      }

      if (format === 'stream-json' && event.type === 'message') {
        const record = messageRecord(event.message, sessionId);
        if (record) {
          writeLine(process.stdout, record);
        }
      }

      if (format === 'stream-json' && (event.type === 'compaction' || event.type === 'compaction_failed')) {
        writeLine(process.stdout, contextRecord(event, sessionId));
      }

      if (event.type === 'done') {
        for (const settled of compactor.settle()) {
          session.recorder.handle(settled);
          if (format === 'stream-json') {
            writeLine(process.stdout, contextRecord(settled, sessionId));
          }
        }

        // The turn is on disk before its answer is printed: a script that saw the answer can resume it.
        await session.recorder.flush({sync: true});
        if (format === 'text') {
          if (event.reason === 'end') {
            writeLine(process.stdout, process.stdout.isTTY ? inertText(event.result) : event.result);
          } else if (event.reason === 'max_turns') {
            process.stderr.write(`alex: ${inertText(event.result)}\n`);
          }
        } else {
          writeLine(process.stdout, resultRecord(event, sessionId));
        }

        return exitCodeFor(event, errorExit);
      }
    }
  } finally {
    signals.closing();
    stopReporting();
    await mcp?.close();
    signals.dispose();
  }

  return exitCodes.failed;
}
