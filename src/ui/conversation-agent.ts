import type {Approver} from '../agent/approval.js';
import type {AgentEvent} from '../agent/events.js';
import type {CompactionStatus} from '../context/compactor.js';
import type {Message} from '../llm/types.js';
import type {RecorderState} from '../session/recorder.js';

/** What the TUI needs of the agent; `Agent` implements it, tests may use a scripted one. */
export interface ConversationAgent {
  run(prompt: string, signal: AbortSignal): AsyncIterable<AgentEvent>;
  readonly model: string;
  setModel(model: string): void;
}

/** Builds the agent for a conversation; called again for /clear, with earlier messages for a resumed session. */
export type AgentFactory = (approver: Approver, messages?: Message[]) => Promise<ConversationAgent>;

/** Facts about this run that the status line and /status show. */
export type SessionInfo = {
  provider: string;
  baseUrl: string;
  approval: string;
  workspace: string;
  /** Tokens the model can take in, when known (settings or ALEX_CONTEXT_WINDOW). */
  contextWindow: number | undefined;
};

/** What the status line shows of the session file, the context and the MCP servers. */
export type BackendStatus = {
  /** Whether the session reached the disk; undefined when nothing records it. */
  save: RecorderState | undefined;
  /** Context used and compaction; undefined until the agent exists. */
  context: CompactionStatus | undefined;
  /** MCP servers ready and configured; undefined when none are configured. */
  mcp: {ready: number; configured: number} | undefined;
  /** Set while the project's MCP servers wait for the user to trust the folder: what they would run. */
  trust: string[] | undefined;
  /** Set while the user decides whether to continue a session open in another alex in a copy. */
  busy: string[] | undefined;
};

/** A conversation to show: its session id and, for a resumed one, its messages. */
export type ConversationStart = {sessionId: string; messages?: Message[]; notice?: string};

/**
 * Everything behind the TUI that outlives a render: the agent of the current session, the session
 * store, compaction and the MCP servers. Nothing here may block a frame: calls return at once or
 * resolve in the background.
 */
export interface TuiBackend {
  /** Builds the agent of the current session. */
  readonly startAgent: AgentFactory;
  /** Ends the current session (it is saved in the background) and starts recording a new one. */
  newSession(): ConversationStart;
  /**
   * Switches to an earlier session by id or unique prefix; throws an AlexError with a line for the
   * user. Undefined when the session is open in another alex: `status().busy` then asks the user,
   * and `answerBusy` gives the conversation to show.
   */
  resume(prefix: string): ConversationStart | undefined;
  /** The answer to the busy question: continue in a copy (the conversation to show), or stay. */
  answerBusy(copy: boolean): ConversationStart | undefined;
  /** The sessions of this folder, newest first, as lines of a table. */
  sessionLines(): string[];
  /** Compacts the conversation now; resolves to one line saying what happened. */
  compact(focus: string | undefined): Promise<string>;
  /** The answer to the trust question: start the project's servers, or remember not to. */
  answerTrust(trusted: boolean): void;
  /** `/mcp`: lines for the servers, or the answer to `/mcp trust` and `/mcp restart <name>`. */
  mcp(args: string): string[];
  /** Lines /status adds: the session file, its save state, the cache and the context. */
  statusLines(): string[];
  status(): BackendStatus;
  subscribe(listener: () => void): () => void;
  /** Sends lines for the transcript (settings problems, a failing server) to `say`, those from before first; returns the detach function. */
  attach(say: (text: string, tone: 'info' | 'warning' | 'error') => void): () => void;
}
