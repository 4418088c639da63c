import type {AgentEvent} from '../agent/events.js';
import type {ContextEvent} from '../context/record.js';
import type {Message, ToolCall, Usage} from '../llm/types.js';

export const outputFormats = ['text', 'json', 'stream-json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

type RunInfo = {sessionId: string; model: string; workspace: string; tools: string[]; approval: string};

function parsedInput(call: ToolCall): unknown {
  try {
    return JSON.parse(call.arguments || '{}');
  } catch {
    return call.arguments;
  }
}

function wireUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
  };
}

/** The init line of stream-json, in the shape Claude Code and Qwen Code share. */
export function initRecord(info: RunInfo) {
  return {type: 'system', subtype: 'init', session_id: info.sessionId, cwd: info.workspace, model: info.model, tools: info.tools, permissionMode: info.approval};
}

/** A conversation message as a stream-json line, or undefined for the user's own prompt. */
export function messageRecord(message: Message, sessionId: string) {
  if (message.role === 'assistant') {
    const content: unknown[] = [];
    if (message.content) {
      content.push({type: 'text', text: message.content});
    }

    for (const call of message.toolCalls ?? []) {
      content.push({type: 'tool_use', id: call.id, name: call.name, input: parsedInput(call)});
    }

    return {type: 'assistant', message: {role: 'assistant', content}, session_id: sessionId};
  }

  if (message.role === 'tool') {
    const block = {type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, is_error: message.isError ?? false};
    return {type: 'user', message: {role: 'user', content: [block]}, session_id: sessionId};
  }

  return undefined;
}

/** A compaction or a failed summary as a stream-json system line. */
export function contextRecord(event: ContextEvent, sessionId: string) {
  if (event.type === 'compaction_failed') {
    return {type: 'system', subtype: 'compaction_failed', message: event.message, retry_in_ms: event.retryInMs, session_id: sessionId};
  }

  const {method, coveredMessages, tokensBefore, tokensAfter} = event;
  return {type: 'system', subtype: 'compaction', method, covered_messages: coveredMessages, tokens_before: tokensBefore, tokens_after: tokensAfter, session_id: sessionId};
}

const subtypes = {end: 'success', max_turns: 'error_max_turns', aborted: 'error_during_execution', error: 'error_during_execution'} as const;

/** The final result object of json and stream-json. */
export function resultRecord(done: Extract<AgentEvent, {type: 'done'}>, sessionId: string) {
  return {
    type: 'result',
    subtype: subtypes[done.reason],
    is_error: done.reason !== 'end',
    result: done.result,
    session_id: sessionId,
    turns: done.turns,
    num_turns: done.turns,
    duration_ms: done.durationMs,
    usage: wireUsage(done.usage),
  };
}
