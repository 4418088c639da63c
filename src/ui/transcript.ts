// The transcript is a pure reducer over agent events and a few actions of the user. Finished items
// go to `items` (drawn once, in <Static>); what still changes (the streamed tail of an answer,
// running tool calls, a retry) stays in the other fields and is the only part drawn again.
import type {AgentEvent, DoneReason} from '../agent/events.js';
import type {Message, Usage} from '../llm/types.js';
import {redactSecrets} from '../redact.js';
import type {ToolResult} from '../tools/types.js';
import {inert, inertLine} from './inert.js';
import {takeFinished, type Fence, type MarkdownPiece} from './stream-split.js';
import {diffPreviewLines, foldLines, keyArgument, outputPreviewLines, shownOutput} from './tool-labels.js';

export type ToolStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** Lines kept of a folded text, and how many more there were. */
export type Folded = {lines: string[]; hidden: number};

export type ToolRow = {
  callId: string;
  name: string;
  /** The path, command or pattern, on one line. */
  argument: string;
  status: ToolStatus;
  summary?: string;
  diff?: Folded;
  output?: Folded;
  durationMs?: number;
};

export type NoticeTone = 'info' | 'warning' | 'error';

export type TranscriptItem =
  | {kind: 'user'; id: number; text: string}
  | {kind: 'answer'; id: number; piece: MarkdownPiece; first: boolean}
  | {kind: 'tool'; id: number; tool: ToolRow}
  | {kind: 'notice'; id: number; tone: NoticeTone; text: string};

export type TurnStats = {
  reason: DoneReason;
  durationMs: number;
  /** Model round trips. */
  turns: number;
  usage: Usage;
  /** From sending the prompt to the first streamed text, when there was any. */
  firstTokenMs?: number;
};

export type TranscriptState = {
  /** Grows on /clear, so that the <Static> list starts over. */
  epoch: number;
  items: TranscriptItem[];
  nextId: number;
  /** The streamed text of the current reply that is not in `items` yet. */
  pending: string;
  fence: Fence | undefined;
  /** Text of the current reply has arrived (so its message adds nothing new). */
  streamed: boolean;
  /** A piece of the current reply is in `items` already. */
  answerStarted: boolean;
  tools: ToolRow[];
  retry: string | undefined;
  busy: boolean;
  lastUsage: Usage | undefined;
  totalUsage: Usage | undefined;
  lastTurn: TurnStats | undefined;
};

export type TranscriptAction =
  | {type: 'events'; events: AgentEvent[]}
  | {type: 'turn_begin'; prompt: string}
  | {type: 'turn_end'; firstTokenMs?: number}
  | {type: 'notice'; tone: NoticeTone; text: string}
  /** A slash command the user ran, shown like a prompt. */
  | {type: 'command'; line: string}
  | {type: 'clear'}
  | {type: 'restore'; messages: Message[]};

export const initialTranscript: TranscriptState = {
  epoch: 0,
  items: [],
  nextId: 1,
  pending: '',
  fence: undefined,
  streamed: false,
  answerStarted: false,
  tools: [],
  retry: undefined,
  busy: false,
  lastUsage: undefined,
  totalUsage: undefined,
  lastTurn: undefined,
};

type ItemInput = TranscriptItem extends infer Item ? (Item extends TranscriptItem ? Omit<Item, 'id'> : never) : never;

function addItems(state: TranscriptState, inputs: ItemInput[]): TranscriptState {
  if (inputs.length === 0) {
    return state;
  }

  const items = inputs.map((input, index) => ({...input, id: state.nextId + index}) as TranscriptItem);
  return {...state, items: [...state.items, ...items], nextId: state.nextId + items.length};
}

/** A line for the transcript: secrets masked, escapes made inert, kept on one line. */
function notice(tone: NoticeTone, text: string): ItemInput {
  return {kind: 'notice', tone, text: inert(redactSecrets(text)).replace(/\s*\n\s*/g, ' ').trimEnd()};
}

/** Adds answer pieces; an empty line between blocks is a piece of its own, except before the answer. */
function addPieces(state: TranscriptState, pieces: MarkdownPiece[]): TranscriptState {
  const visible = pieces.filter((piece, index) => piece.text.trim() !== '' || (piece.text.includes('\n') && (state.answerStarted || index > 0)));
  const inputs = visible.map((piece, index): ItemInput => ({kind: 'answer', piece, first: !state.answerStarted && index === 0}));
  const next = addItems(state, inputs);
  return visible.length > 0 ? {...next, answerStarted: true} : next;
}

function onText(state: TranscriptState, text: string): TranscriptState {
  const split = takeFinished(state.pending + text, state.fence);
  const next = {...state, pending: split.pending, fence: split.fence, streamed: true, retry: undefined};
  return addPieces(next, split.pieces);
}

/** Ends the current reply: the rest of its text becomes a piece, or all of it when nothing streamed. */
function endReply(state: TranscriptState, content: string | undefined): TranscriptState {
  const rest = state.streamed ? state.pending : (content ?? '');
  const piece: MarkdownPiece = {text: rest, ...(state.fence && {fence: state.fence.opener})};
  const next = addPieces(state, [piece]);
  return {...next, pending: '', fence: undefined, streamed: false, answerStarted: false};
}

function finishedRow(row: ToolRow, result: ToolResult, durationMs: number): ToolRow {
  const output = shownOutput(row.name, result.content);
  return {
    ...row,
    status: result.isError ? 'failed' : 'done',
    summary: result.summary === undefined ? undefined : inertLine(result.summary),
    durationMs,
    ...(result.diff && {diff: foldLines(result.diff, diffPreviewLines)}),
    ...(output && {output: foldLines(output, outputPreviewLines)}),
  };
}

function onToolEnd(state: TranscriptState, event: Extract<AgentEvent, {type: 'tool_end'}>): TranscriptState {
  const running = state.tools.find(row => row.callId === event.call.id);
  const row = running ?? {callId: event.call.id, name: event.call.name, argument: '', status: 'running'};
  const next = {...state, tools: state.tools.filter(item => item !== running)};
  return addItems(next, [{kind: 'tool', tool: finishedRow(row, event.result, event.durationMs)}]);
}

function onDone(state: TranscriptState, event: Extract<AgentEvent, {type: 'done'}>): TranscriptState {
  let next = state.pending === '' ? state : endReply(state, undefined);
  const cancelled = next.tools.map((tool): ItemInput => ({kind: 'tool', tool: {...tool, status: 'cancelled'}}));
  next = addItems({...next, tools: [], retry: undefined}, cancelled);
  if (event.reason === 'aborted') {
    next = addItems(next, [notice('warning', 'Cancelled.')]);
  } else if (event.reason === 'max_turns') {
    next = addItems(next, [notice('warning', event.result)]);
  }

  const lastTurn: TurnStats = {reason: event.reason, durationMs: event.durationMs, turns: event.turns, usage: event.usage};
  return {...next, lastTurn};
}

function onEvent(state: TranscriptState, event: AgentEvent): TranscriptState {
  switch (event.type) {
    case 'text_delta': {
      return onText(state, event.text);
    }

    case 'message': {
      return event.message.role === 'assistant' ? endReply(state, event.message.content) : state;
    }

    case 'tool_start': {
      const row: ToolRow = {callId: event.call.id, name: event.call.name, argument: keyArgument(event.call.name, event.input), status: 'running'};
      return {...state, tools: [...state.tools, row], retry: undefined};
    }

    case 'tool_end': {
      return onToolEnd(state, event);
    }

    case 'usage': {
      return {...state, lastUsage: event.usage, totalUsage: event.total};
    }

    case 'retry': {
      return {...state, retry: inertLine(`Retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt}): ${event.reason}`)};
    }

    case 'compaction': {
      const how = event.method === 'summary' ? 'summarized' : 'shortened locally';
      return addItems(state, [notice('info', `Context compacted: ${event.coveredMessages} earlier messages ${how}.`)]);
    }

    case 'compaction_failed': {
      // The status line shows the compactor's notice until a summary succeeds.
      return state;
    }

    case 'error': {
      return addItems(state, [notice('error', event.message)]);
    }

    case 'done': {
      return onDone(state, event);
    }

    case 'turn_start': {
      return state;
    }
  }
}

/**
 * Items of a restored conversation drawn at most: printing thousands would hold the prompt back by
 * seconds (0.4 ms an item here), and the terminal keeps only so much scrollback anyway.
 */
export const maxRestoredItems = 100;

/** The last items of a restored conversation, after a line saying how many earlier ones are left out. */
function restoredTail(messages: Message[]): ItemInput[] {
  const inputs = restoredItems(messages);
  const hidden = inputs.length - maxRestoredItems;
  if (hidden <= 0) {
    return inputs;
  }

  const line = `${hidden} earlier items of this conversation are not shown; alex sessions show <id> prints the whole transcript. The model still sees all of it.`;
  return [notice('info', line), ...inputs.slice(hidden)];
}

/** The items that show a restored conversation (-c, -r): prompts, answers and tool calls. */
function restoredItems(messages: Message[]): ItemInput[] {
  const inputs: ItemInput[] = [];
  const failed = new Set(messages.flatMap(message => (message.role === 'tool' && message.isError ? [message.toolCallId] : [])));
  for (const message of messages) {
    if (message.role === 'user') {
      inputs.push({kind: 'user', text: message.content});
    } else if (message.role === 'assistant') {
      if (message.content.trim() !== '') {
        inputs.push({kind: 'answer', piece: {text: message.content}, first: true});
      }

      for (const call of message.toolCalls ?? []) {
        const input = parseArguments(call.arguments);
        const status = failed.has(call.id) ? 'failed' : 'done';
        inputs.push({kind: 'tool', tool: {callId: call.id, name: call.name, argument: keyArgument(call.name, input), status}});
      }
    }
  }

  return inputs;
}

function parseArguments(raw: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function transcriptReducer(state: TranscriptState, action: TranscriptAction): TranscriptState {
  switch (action.type) {
    case 'events': {
      return action.events.reduce(onEvent, state);
    }

    case 'turn_begin': {
      const next = addItems(state, [{kind: 'user', text: action.prompt}]);
      return {...next, busy: true, pending: '', fence: undefined, streamed: false, answerStarted: false};
    }

    case 'turn_end': {
      const lastTurn = state.lastTurn && action.firstTokenMs !== undefined ? {...state.lastTurn, firstTokenMs: action.firstTokenMs} : state.lastTurn;
      return {...state, busy: false, lastTurn};
    }

    case 'notice': {
      return addItems(state, [notice(action.tone, action.text)]);
    }

    case 'command': {
      return addItems(state, [{kind: 'user', text: action.line}]);
    }

    case 'clear': {
      return {...initialTranscript, epoch: state.epoch + 1, nextId: state.nextId};
    }

    case 'restore': {
      return addItems(state, restoredTail(action.messages));
    }
  }
}
