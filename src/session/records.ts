import type {Message, Usage} from '../llm/types.js';
import {redactSecrets} from '../redact.js';

/** The transcript format this version writes; a reader skips records of types it does not know. */
export const formatVersion = 1;

/** The first line of every transcript. */
export type HeaderRecord = {
  type: 'header';
  version: number;
  id: string;
  /** The workspace the session ran in; `alex -c` and `alex sessions list` filter by it. */
  directory: string;
  model: string;
  provider: string;
  /** ISO time the session started. */
  created: string;
};

/** A message added to the conversation: the user's prompt, a reply with its tool calls, a tool result. */
export type MessageRecord = {type: 'message'; at: string; message: Message};
export type UsageRecord = {type: 'usage'; at: string; usage: Usage};
/** A compaction; `compacted` is the compacted form (src/context/record.ts), kept as it came for a resume to restore. */
export type CompactionRecord = {type: 'compaction'; at: string; summary: string; coveredMessages: number; method: string; compacted?: unknown};

/** The end of one prompt's run; `result` is kept when the run did not end normally (the error text). */
export type TurnEndRecord = {type: 'turn_end'; at: string; reason: string; turns: number; durationMs: number; result?: string};

/** The model and provider the conversation goes on with from here: a resume under other ones. */
export type ModelRecord = {type: 'model'; at: string; model: string; provider: string};

export type BodyRecord = MessageRecord | UsageRecord | CompactionRecord | TurnEndRecord | ModelRecord;
export type SessionRecord = HeaderRecord | BodyRecord;

/** The agent events a session keeps; any other event is not recorded. */
export type RecordedEvent =
  | {type: 'message'; message: Message}
  | {type: 'usage'; usage: Usage}
  | {type: 'compaction'; summary: string; coveredMessages: number; method: string; record?: unknown}
  | {type: 'done'; reason: string; result: string; turns: number; durationMs: number};

const recordedTypes = new Set(['message', 'usage', 'compaction', 'done']);

function isRecorded<T extends RecordedEvent['type']>(event: {type: string}, type: T): event is Extract<RecordedEvent, {type: T}> {
  return event.type === type;
}

/** The record an agent event adds to the transcript, or undefined for events that are not kept (text deltas, tool progress). */
export function recordOf(event: {type: string}): BodyRecord | undefined {
  if (!recordedTypes.has(event.type)) {
    return undefined;
  }

  const at = new Date().toISOString();
  if (isRecorded(event, 'message')) {
    return {type: 'message', at, message: event.message};
  }

  if (isRecorded(event, 'usage')) {
    return {type: 'usage', at, usage: event.usage};
  }

  if (isRecorded(event, 'compaction')) {
    const {summary, coveredMessages, method, record} = event;
    return {type: 'compaction', at, summary, coveredMessages, method, ...(record !== undefined && {compacted: record})};
  }

  if (isRecorded(event, 'done')) {
    const {reason, turns, durationMs} = event;
    return {type: 'turn_end', at, reason, turns, durationMs, ...(reason !== 'end' && {result: event.result})};
  }

  return undefined;
}

/** One record as a transcript line, every string in it passed through the secret masking. */
export function serializeRecord(record: SessionRecord): string {
  return `${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redactSecrets(value) : value))}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isToolCall(value: unknown): boolean {
  return isObject(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.arguments === 'string';
}

function isMessage(value: unknown): value is Message {
  if (!isObject(value) || typeof value.content !== 'string') {
    return false;
  }

  switch (value.role) {
    case 'user': {
      return true;
    }

    case 'assistant': {
      return value.toolCalls === undefined || (Array.isArray(value.toolCalls) && value.toolCalls.every(call => isToolCall(call)));
    }

    case 'tool': {
      return typeof value.toolCallId === 'string' && typeof value.name === 'string' && (value.isError === undefined || typeof value.isError === 'boolean');
    }

    default: {
      return false;
    }
  }
}

function isHeader(value: Record<string, unknown>): boolean {
  const fields = ['id', 'directory', 'model', 'provider', 'created'];
  return typeof value.version === 'number' && fields.every(field => typeof value[field] === 'string');
}

function isBody(value: Record<string, unknown>): boolean {
  switch (value.type) {
    case 'message': {
      return isMessage(value.message);
    }

    case 'usage': {
      return isObject(value.usage) && typeof value.usage.inputTokens === 'number' && typeof value.usage.outputTokens === 'number';
    }

    case 'compaction': {
      return typeof value.summary === 'string' && typeof value.coveredMessages === 'number';
    }

    case 'turn_end': {
      return typeof value.reason === 'string';
    }

    case 'model': {
      return typeof value.model === 'string' && typeof value.provider === 'string';
    }

    default: {
      return false;
    }
  }
}

/** What one transcript line holds: a record, a record type this version does not know, or garbage. */
export type ParsedLine = {kind: 'record'; record: SessionRecord} | {kind: 'unknown'} | {kind: 'corrupt'};

const knownTypes = new Set(['header', 'message', 'usage', 'compaction', 'turn_end', 'model']);

/** Parses and checks one transcript line. */
export function parseLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return {kind: 'corrupt'};
  }

  if (!isObject(raw) || typeof raw.type !== 'string') {
    return {kind: 'corrupt'};
  }

  if (!knownTypes.has(raw.type)) {
    return {kind: 'unknown'};
  }

  const valid = raw.type === 'header' ? isHeader(raw) : isBody(raw);

  return valid ? {kind: 'record', record: raw as SessionRecord} : {kind: 'corrupt'};
}
