import type {ContextEvent} from '../context/record.js';
import type {Message, ToolCall, Usage} from '../llm/types.js';
import type {ToolResult} from '../tools/types.js';

export type DoneReason = 'end' | 'max_turns' | 'aborted' | 'error';

/** What one run of the agent emits; the TUI, the headless runner and the session recorder all read it. */
export type AgentEvent =
  | {type: 'turn_start'; turn: number}
  | {type: 'text_delta'; text: string}
  | {type: 'retry'; attempt: number; delayMs: number; reason: string}
  /** A message was added to the conversation: the prompt, a reply, a tool result. */
  | {type: 'message'; message: Message}
  | {type: 'tool_start'; call: ToolCall; input: Record<string, unknown> | undefined}
  | {type: 'tool_end'; call: ToolCall; result: ToolResult; durationMs: number}
  | {type: 'usage'; usage: Usage; total: Usage}
  /** The context was compacted (`compaction`, with the record a session appends) or a summary failed. */
  | ContextEvent
  | {type: 'error'; message: string; code: string; exitCode: number}
  | {type: 'done'; reason: DoneReason; result: string; turns: number; usage: Usage; durationMs: number};
