import type {RunConfig} from '../config/index.js';
import {parseCompactionRecord, type CompactionRecord} from '../context/record.js';
import {UsageError} from '../errors.js';
import type {Message} from '../llm/types.js';
import {busyMessage, latestSession, loadSession, resolveSessionId, resumeSession, sessionOwner, startSession, type SessionRecorder} from '../session/index.js';

/** Which session a run records into: `-c` the latest of this directory, `-r <id>` a given one, else a new one. */
export type SessionChoice = {continue?: boolean; resume?: string};

export type RunSession = {
  id: string;
  /** The conversation so far, for the agent; undefined for a new session. */
  messages: Message[] | undefined;
  /** The session's last compaction, for `Compactor.restore`. */
  compaction: CompactionRecord | undefined;
  recorder: SessionRecorder;
  /**
   * Set when the chosen session was open in another alex and `copyIfBusy` asked for a copy: the
   * id of the original and the line that says who has it. This session is a new one holding its records.
   */
  copiedFrom?: {id: string; message: string};
};

function chosenId(config: RunConfig, choice: SessionChoice): string | undefined {
  if (choice.resume !== undefined) {
    return resolveSessionId(config.dataDir, choice.resume);
  }

  if (!choice.continue) {
    return undefined;
  }

  const latest = latestSession(config.dataDir, config.workspace);
  if (!latest) {
    throw new UsageError(`No session to continue in ${config.workspace}; alex sessions list --all shows the sessions of other directories.`);
  }

  return latest.id;
}

/**
 * Opens the session of a run. Resuming takes the session's writer lock: a session open in another
 * process is an error naming that process, or with `copyIfBusy` (the TUI) a new session that
 * starts as a copy of it. `warn` gets one line per problem (skipped lines, write errors).
 */
export function openRunSession(config: RunConfig, choice: SessionChoice, warn: (line: string) => void, options: {copyIfBusy?: boolean} = {}): RunSession {
  const id = chosenId(config, choice);
  if (id === undefined) {
    const recorder = startSession({dataDir: config.dataDir, directory: config.workspace, model: config.model, provider: config.provider, onWarning: warn});
    return {id: recorder.id, messages: undefined, compaction: undefined, recorder};
  }

  const loaded = loadSession(config.dataDir, id);
  for (const line of loaded.warnings) {
    warn(line);
  }

  const compaction = loaded.records.findLast(record => record.type === 'compaction');
  const restored = compaction?.type === 'compaction' ? parseCompactionRecord(compaction.compacted) : undefined;

  const owner = options.copyIfBusy ? sessionOwner(config.dataDir, id) : undefined;
  if (owner) {
    const recorder = startSession({dataDir: config.dataDir, directory: config.workspace, model: config.model, provider: config.provider, onWarning: warn, records: loaded.records});
    noteModel(recorder, config);
    return {id: recorder.id, messages: loaded.messages, compaction: restored, recorder, copiedFrom: {id, message: busyMessage(id, owner)}};
  }

  const recorder = resumeSession(config.dataDir, loaded, {onWarning: warn});
  noteModel(recorder, config);
  return {id, messages: loaded.messages, compaction: restored, recorder};
}

/** Records the model and provider a resumed conversation goes on with, when they are not the ones it had. */
function noteModel(recorder: SessionRecorder, config: RunConfig): void {
  const {model, provider} = recorder.model;
  if (model !== config.model || provider !== config.provider) {
    recorder.record({type: 'model', at: new Date().toISOString(), model: config.model, provider: config.provider});
  }
}
