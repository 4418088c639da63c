import type {Message, ModelRequest, ToolCall} from './types.js';

type CacheControl = {type: 'ephemeral'};
type TextBlock = {type: 'text'; text: string; cache_control?: CacheControl};
type ToolUseBlock = {type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; cache_control?: CacheControl};
type ToolResultBlock = {type: 'tool_result'; tool_use_id: string; content?: string; is_error?: true; cache_control?: CacheControl};

/** A content block of the Messages API, as alex sends it. */
export type WireBlock = TextBlock | ToolUseBlock | ToolResultBlock;
export type WireMessage = {role: 'user' | 'assistant'; content: WireBlock[]};

const ephemeral: CacheControl = {type: 'ephemeral'};

/** Output-token ceilings of model families that accept less than the default. */
const outputLimits: Array<[RegExp, number]> = [
  [/claude-3-(?:opus|sonnet|haiku)/, 4096],
  [/claude-3[-.]5-/, 8192],
];

/** The Messages API requires max_tokens; this is what alex asks for when the request names none. */
export function defaultMaxTokens(model: string): number {
  return outputLimits.find(([pattern]) => pattern.test(model))?.[1] ?? 32_000;
}

/**
 * Keeps tool-use ids valid for the Messages API: only letters, digits, `_` and `-`, and unique in
 * the conversation. Ids made by another provider (or the `call_0` an OpenAI-compatible server
 * repeats every turn) are rewritten, and the tool results that follow use the same rewrite.
 */
class ToolUseIds {
  private readonly used = new Set<string>();
  private current = new Map<string, string>();

  /** Starts the ids of a new assistant message. */
  nextMessage(): void {
    this.current = new Map();
  }

  forCall(id: string): string {
    const base = id.replace(/[^\w-]/g, '_') || 'call';
    let wireId = base;
    for (let suffix = 2; this.used.has(wireId); suffix++) {
      wireId = `${base}_${suffix}`;
    }

    this.used.add(wireId);
    this.current.set(id, wireId);
    return wireId;
  }

  forResult(id: string): string {
    return this.current.get(id) ?? id.replace(/[^\w-]/g, '_');
  }
}

/** The call's arguments as the object the Messages API wants. */
function toolInput(call: ToolCall): Record<string, unknown> {
  if (call.arguments.trim() === '') {
    return {};
  }

  try {
    const value = JSON.parse(call.arguments) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Falls through: the tool answered this call with an error about its arguments.
  }

  // The API takes only an object; keeping the text lets the model see what its error was about.
  return {unparsed_arguments: call.arguments};
}

function toBlocks(message: Message, ids: ToolUseIds): WireBlock[] {
  switch (message.role) {
    case 'user': {
      return message.content.trim() === '' ? [] : [{type: 'text', text: message.content}];
    }

    case 'assistant': {
      ids.nextMessage();
      const text: WireBlock[] = message.content.trim() === '' ? [] : [{type: 'text', text: message.content}];
      const calls = (message.toolCalls ?? []).map((call): WireBlock => ({type: 'tool_use', id: ids.forCall(call.id), name: call.name, input: toolInput(call)}));
      return [...text, ...calls];
    }

    case 'tool': {
      // An empty result goes without `content`, which the API reads as no output.
      const content = message.content === '' ? {} : {content: message.content};
      return [{type: 'tool_result', tool_use_id: ids.forResult(message.toolCallId), ...content, ...(message.isError && {is_error: true})}];
    }
  }
}

/**
 * Converts the provider-neutral conversation: assistant tool calls become `tool_use` blocks, and
 * tool results (with whatever follows them up to the next reply) one user message, since the API
 * wants user and assistant turns to alternate.
 */
export function toWireMessages(messages: readonly Message[]): WireMessage[] {
  const ids = new ToolUseIds();
  const wire: WireMessage[] = [];
  for (const message of messages) {
    const blocks = toBlocks(message, ids);
    if (blocks.length === 0) {
      continue;
    }

    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = wire.at(-1);
    if (last?.role === role) {
      last.content.push(...blocks);
    } else {
      wire.push({role, content: blocks});
    }
  }

  return wire;
}

function markLastBlock(message: WireMessage | undefined): void {
  const block = message?.content.at(-1);
  if (block) {
    block.cache_control = ephemeral;
  }
}

/**
 * Marks the growing conversation prefix for prompt caching: the last message, so the next request
 * can read all of this one from the cache, and the last message before the latest reply, which is
 * where the previous request put its mark. The API looks back only about 20 blocks from a mark for
 * an earlier cache entry; marking the previous end too keeps the hit after a reply with many tool
 * calls.
 */
function markConversation(wire: WireMessage[]): void {
  const lastReply = wire.findLastIndex(message => message.role === 'assistant');
  if (lastReply > 0) {
    markLastBlock(wire[lastReply - 1]);
  }

  markLastBlock(wire.at(-1));
}

/**
 * The Messages API request body. Of the API's four cache breakpoints it uses: the last tool
 * definition, the system prompt, and two in the conversation (see markConversation). The prefix
 * order is tools, system, messages, so each mark also covers what comes before it.
 */
export function toMessagesBody(request: ModelRequest): Record<string, unknown> {
  const messages = toWireMessages(request.messages);
  markConversation(messages);
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens(request.model),
    stream: true,
    messages,
  };
  if (request.system.trim() !== '') {
    body.system = [{type: 'text', text: request.system, cache_control: ephemeral}];
  }

  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool, index) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters,
      ...(index === request.tools.length - 1 && {cache_control: ephemeral}),
    }));
  }

  return body;
}
