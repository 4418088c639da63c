import type {Usage} from '../llm/types.js';
import type {SessionInfo} from './conversation-agent.js';
import type {TranscriptState} from './transcript.js';

const number = new Intl.NumberFormat('en-US');

/** Share of the context window the last request used, or undefined while unknown. */
export function contextPercent(usage: Usage | undefined, contextWindow: number | undefined): number | undefined {
  if (!usage || !contextWindow) {
    return undefined;
  }

  return Math.min(100, Math.round(((usage.inputTokens + usage.outputTokens) / contextWindow) * 100));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function lastTurnLine(transcript: TranscriptState): string {
  const turn = transcript.lastTurn;
  if (!turn) {
    return 'Last turn: none yet';
  }

  const firstToken = turn.firstTokenMs === undefined ? '' : `, first text after ${turn.firstTokenMs} ms`;
  const tokens = `${number.format(turn.usage.inputTokens)} in / ${number.format(turn.usage.outputTokens)} out`;
  return `Last turn: ${seconds(turn.durationMs)}, ${turn.turns} model requests${firstToken}, ${tokens} tokens (${turn.reason})`;
}

/** The lines /status prints. */
export function statusLines(info: SessionInfo, model: string, sessionId: string, transcript: TranscriptState): string[] {
  const total = transcript.totalUsage;
  const percent = contextPercent(transcript.lastUsage, info.contextWindow);
  const context = info.contextWindow === undefined ? 'window unknown (set contextWindow or ALEX_CONTEXT_WINDOW)' : `${percent ?? 0}% of ${number.format(info.contextWindow)} tokens`;

  return [
    `Model: ${model} (${info.provider})`,
    `Endpoint: ${info.baseUrl}`,
    `Approval: ${info.approval} · Workspace: ${info.workspace}`,
    `Session: ${sessionId} (not saved: sessions are not built yet)`,
    `Tokens this conversation: ${total ? `${number.format(total.inputTokens)} in / ${number.format(total.outputTokens)} out` : 'none yet'}`,
    `Context: ${context}`,
    lastTurnLine(transcript),
  ];
}
