import type {AssistantMessage, Message, ToolCall, ToolMessage, UserMessage} from '../llm/types.js';
import {callsById, keyArgument} from './tool-calls.js';
import {lineCount, oneLine, trimMiddle} from './trim.js';

/** Tool outputs up to this many characters stay as they are; longer ones become a note. */
const keptToolOutputChars = 400;
const assistantChars = 2000;
const userChars = 4000;
const argumentChars = 300;
/** The first user message, the task, is kept up to this many characters. */
const firstMessageChars = 8000;

/** A one-line stand-in for a tool output that was removed. */
function toolNote(message: ToolMessage, call: ToolCall | undefined): string {
  const key = keyArgument(call);
  const what = key ? `${message.name} ${key}` : message.name;
  const outcome = message.isError ? 'failed' : 'succeeded';
  const size = `${lineCount(message.content)} lines, ${message.content.length} characters`;

  return `[Output of ${what} (${outcome}, ${size}) removed to save context. Run the tool again if it is still needed.]`;
}

/** Tool-call arguments with long string values cut in the middle; still valid JSON. */
function trimArguments(raw: string): string {
  if (raw.length <= argumentChars) {
    return raw;
  }

  try {
    const input = JSON.parse(raw) as unknown;
    return JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' ? trimMiddle(value, argumentChars) : value));
  } catch {
    return JSON.stringify({arguments_cut: trimMiddle(raw, argumentChars)});
  }
}

function compressAssistant(message: AssistantMessage): AssistantMessage {
  const content = trimMiddle(message.content, assistantChars);
  const toolCalls = message.toolCalls?.map(call => ({...call, arguments: trimArguments(call.arguments)}));
  const changed = content !== message.content || toolCalls?.some((call, index) => call.arguments !== message.toolCalls![index]!.arguments);

  return changed ? {...message, content, ...(toolCalls && {toolCalls})} : message;
}

function compressOne(message: Message, calls: Map<string, ToolCall>): Message {
  switch (message.role) {
    case 'tool': {
      const long = message.content.length > keptToolOutputChars;
      return long ? {...message, content: toolNote(message, calls.get(message.toolCallId))} : message;
    }

    case 'assistant': {
      return compressAssistant(message);
    }

    case 'user': {
      const content = trimMiddle(message.content, userChars);
      return content === message.content ? message : {...message, content};
    }
  }
}

/**
 * The everyday local compression of older messages: each tool output becomes a note of what it
 * was, long texts and tool arguments lose their middle. Every message stays, so each tool call
 * keeps its result. Messages already compressed come back unchanged.
 */
export function compressMessages(messages: readonly Message[]): Message[] {
  const calls = callsById(messages);
  return messages.map(message => compressOne(message, calls));
}

/** The first user message, the task, cut in the middle when it is very long. */
export function keepFirst(message: Message, max = firstMessageChars): Message {
  const content = trimMiddle(message.content, max);
  return content === message.content ? message : ({role: 'user', content} satisfies UserMessage);
}

/** One line per step, for the harder compression: what was asked, said and run. */
function stepLines(messages: readonly Message[]): string[] {
  const calls = callsById(messages);
  const lines: string[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      const key = keyArgument(calls.get(message.toolCallId));
      const outcome = message.isError ? `failed: ${oneLine(message.content, 100)}` : `${lineCount(message.content)} lines of output`;
      lines.push(`- ran ${message.name}${key ? ` ${key}` : ''} → ${outcome}`);
    } else if (message.content.trim() !== '') {
      lines.push(`- ${message.role}: ${oneLine(message.content, 160)}`);
    }
  }

  return lines;
}

/**
 * The harder local compression: the first message (the task, or the task with an earlier
 * summary) and one line per later step, most recent steps first to be kept, all in one user
 * message. Used when the everyday compression is not small enough or the endpoint refused a
 * request as too long.
 */
export function digestMessages(first: Message, rest: readonly Message[], maxChars: number): UserMessage {
  const head = trimMiddle(first.content, Math.max(1000, Math.floor((maxChars * 2) / 3)));
  const lines = stepLines(rest);
  const kept: string[] = [];
  let room = maxChars - head.length - 200;
  for (let index = lines.length - 1; index >= 0 && room > lines[index]!.length; index--) {
    room -= lines[index]!.length + 1;
    kept.unshift(lines[index]!);
  }

  const dropped = lines.length - kept.length;
  const intro = `[Context compressed: the ${rest.length} messages that followed this request were removed to save context. What they did, in order${dropped > 0 ? `, ${dropped} earliest steps left out` : ''}:]`;

  return {role: 'user', content: kept.length > 0 || dropped > 0 ? `${head}\n\n${intro}\n${kept.join('\n')}` : head};
}

/** A message made smaller to at most about `maxChars` of text, for fitting the recent tail. */
export function shrinkMessage(message: Message, maxChars: number): Message {
  if (message.role !== 'assistant') {
    return {...message, content: trimMiddle(message.content, maxChars)};
  }

  const toolCalls = message.toolCalls?.map(call => ({...call, arguments: trimArguments(call.arguments)}));
  return {...message, content: trimMiddle(message.content, maxChars), ...(toolCalls && {toolCalls})};
}
