import type {Message} from '../llm/types.js';

/**
 * A compaction as a session file keeps it, appended after the messages it covers. Requests made
 * after it carry `messages` in place of the conversation's first `coveredMessages` messages, then
 * the rest of the conversation as it is. The conversation itself is never changed, so a reader
 * that ignores these records still has the whole transcript, and a crash during a compaction
 * loses nothing. To resume, load the messages, then hand the last record to
 * `Compactor.restore`; it checks `coveredHash` against the loaded messages.
 */
export type CompactionRecord = {
  /** Shape version of the record; 1. */
  version: 1;
  /** How the compacted form was made: a model summary, or the local compression. */
  method: 'summary' | 'local';
  /** How many messages, counted from the conversation's first, the compacted form stands in for. */
  coveredMessages: number;
  /** Hash of those messages (`rangeHash`); the record applies only to the same messages. */
  coveredHash: string;
  /** What requests carry in place of the covered messages. */
  messages: Message[];
  /** The latest model summary inside `messages`, so that later summaries build on it. */
  summary?: {text: string; coveredMessages: number; focus?: string};
  /** Estimated tokens of the request before the compaction. */
  tokensBefore: number;
  /** Estimated tokens of the request after it. */
  tokensAfter: number;
  /** When it was made, ISO 8601. */
  createdAt: string;
};

/** What the compactor reports through the agent's event stream. */
export type ContextEvent =
  /** The context was compacted; a session appends `record`, a resume restores it. */
  | {
      type: 'compaction';
      method: 'summary' | 'local';
      /** The summary, or one line on what the local compression did. */
      summary: string;
      coveredMessages: number;
      tokensBefore: number;
      tokensAfter: number;
      record: CompactionRecord;
    }
  /** A background summary failed or timed out; the local form stays and it is tried again later. */
  | {type: 'compaction_failed'; message: string; retryInMs: number};

function isMessage(raw: unknown): raw is Message {
  if (typeof raw !== 'object' || raw === null) {
    return false;
  }

  const message = raw as Record<string, unknown>;
  if (typeof message.content !== 'string') {
    return false;
  }

  switch (message.role) {
    case 'user': {
      return true;
    }

    case 'assistant': {
      return message.toolCalls === undefined || Array.isArray(message.toolCalls);
    }

    case 'tool': {
      return typeof message.toolCallId === 'string' && typeof message.name === 'string';
    }

    default: {
      return false;
    }
  }
}

/** A record read back from a session file, checked; undefined when it is not one alex can use. */
export function parseCompactionRecord(raw: unknown): CompactionRecord | undefined {
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }

  const record = raw as Partial<Record<keyof CompactionRecord, unknown>>;
  const summary = record.summary as CompactionRecord['summary'] | undefined;
  const valid =
    record.version === 1 &&
    (record.method === 'summary' || record.method === 'local') &&
    Number.isInteger(record.coveredMessages) &&
    (record.coveredMessages as number) > 0 &&
    typeof record.coveredHash === 'string' &&
    Array.isArray(record.messages) &&
    record.messages.length > 0 &&
    record.messages.every(isMessage) &&
    (summary === undefined || (typeof summary.text === 'string' && Number.isInteger(summary.coveredMessages)));

  return valid ? (raw as CompactionRecord) : undefined;
}
