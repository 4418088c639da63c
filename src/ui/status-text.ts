import type {CompactionStatus} from '../context/compactor.js';
import type {Usage} from '../llm/types.js';
import type {SessionInfo} from './conversation-agent.js';
import type {TranscriptState} from './transcript.js';

const number = new Intl.NumberFormat('en-US');

/** Share of the context window the last request used, or undefined while unknown; the compactor's count when there is one. */
export function contextPercent(usage: Usage | undefined, contextWindow: number | undefined, context?: CompactionStatus): number | undefined {
  if (context) {
    return context.percent;
  }

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
export function statusLines(info: SessionInfo, model: string, sessionId: string, transcript: TranscriptState, context?: CompactionStatus): string[] {
  const total = transcript.totalUsage;
  const cached = total?.cacheReadTokens ? `, ${number.format(total.cacheReadTokens)} of them read from the prompt cache` : '';
  let contextLine: string;
  if (context) {
    const compacted = context.compacted ? `; ${context.compacted.coveredMessages} earlier messages ${context.compacted.method === 'summary' ? 'summarized' : 'shortened locally'}` : '';
    contextLine = `${context.percent}% of ${number.format(context.window)} tokens${compacted}`;
  } else {
    const percent = contextPercent(transcript.lastUsage, info.contextWindow);
    contextLine = info.contextWindow === undefined ? 'not known until the first request' : `${percent ?? 0}% of ${number.format(info.contextWindow)} tokens`;
  }

  return [
    `Model: ${model} (${info.provider})`,
    `Endpoint: ${info.baseUrl}`,
    `Approval: ${info.approval} · Workspace: ${info.workspace}`,
    `Session: ${sessionId}`,
    `Tokens this conversation: ${total ? `${number.format(total.inputTokens)} in${cached} / ${number.format(total.outputTokens)} out` : 'none yet'}`,
    `Context: ${contextLine}`,
    ...(context?.notice ? [`Compaction: ${context.notice}`] : []),
    lastTurnLine(transcript),
  ];
}
