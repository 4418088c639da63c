import type {Approver} from '../agent/approval.js';
import type {AgentEvent} from '../agent/events.js';
import type {Message} from '../llm/types.js';

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
  /** MCP servers: how many are configured and how many run; undefined when none are configured. */
  mcp: {running: number; configured: number} | undefined;
};
