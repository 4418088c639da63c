import type {ToolSpec} from '../llm/types.js';

/** What running a tool will do, as approval needs to know it. */
export type ToolAccess =
  | {kind: 'read'; paths: string[]}
  | {kind: 'edit'; paths: string[]; preview?: string}
  | {kind: 'exec'; command: string}
  | {kind: 'network'; url: string}
  | {kind: 'none'};

export type ToolResult = {
  /** The text the model receives, as it is. */
  content: string;
  isError?: boolean;
  /** One line for people: "42 lines", "exit 1", "3 matches". */
  summary?: string;
  /** A unified diff of what an edit changed, for the transcript. */
  diff?: string;
};

export type ToolContext = {
  /** The workspace root, symlinks resolved. */
  workspace: string;
  signal: AbortSignal;
  /** Environment for child processes, without alex's own keys. */
  env: NodeJS.ProcessEnv;
};

/** A tool the model can call; builtin tools and MCP tools both implement it. */
export interface Tool<Input = Record<string, unknown>> {
  readonly spec: ToolSpec;
  /** Safe to run at the same time as other read-only calls of the same reply. */
  readonly readOnly: boolean;
  /** What the call would do, for the approval policy; throws nothing, validation comes first. */
  access(input: Input, context: ToolContext): Promise<ToolAccess> | ToolAccess;
  /** Runs the call; returns an error result instead of throwing. */
  run(input: Input, context: ToolContext): Promise<ToolResult>;
}

/** A result that tells the model what went wrong and how to correct the call. */
export function toolError(content: string): ToolResult {
  return {content, isError: true, summary: content.split('\n', 1)[0]!.slice(0, 120)};
}
