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
  /**
   * Asks the approval policy about more access a running call found it needs, such as a redirect
   * to another address: resolves to why it is refused, or undefined when it may go on. With
   * `denyOnly`, only deny rules are consulted (the call's own approval covers the rest). Absent
   * when the call runs outside the policy (tests); a tool then refuses what it would ask about.
   */
  authorize?(access: ToolAccess, options: {denyOnly: boolean}): Promise<string | undefined>;
  /** The files among `files` (resolved paths) a deny rule keeps this call from reading; absent outside the policy (tests). */
  deniedReads?(files: readonly string[]): Promise<Set<string>>;
};

/** How a tool that asks again after a change differs from the version approved before. */
export type ToolChange = {
  /** The description approved before, control and invisible characters made visible. */
  previousDescription: string;
  /** The description now, made visible the same way. */
  description: string;
};

/** For a tool whose definition its server can change under alex (MCP): what was approved of it. */
export interface ToolPin {
  /** How the tool changed since it was last approved; undefined when it did not or never was approved. */
  change(): ToolChange | undefined;
  /** Records the tool as it is now as approved. */
  approve(): void;
}

/** A tool the model can call; builtin tools and MCP tools both implement it. */
export interface Tool<Input = Record<string, unknown>> {
  readonly spec: ToolSpec;
  /** Safe to run at the same time as other read-only calls of the same reply. */
  readonly readOnly: boolean;
  /** What the call would do, for the approval policy; throws nothing, validation comes first. */
  access(input: Input, context: ToolContext): Promise<ToolAccess> | ToolAccess;
  /** Set for MCP tools: a changed tool is asked for again, whatever the allow rules say. */
  readonly pin?: ToolPin;
  /**
   * Runs the call; returns an error result instead of throwing. `approved` is the access the
   * approval policy decided on: file tools act on its resolved paths instead of resolving the
   * path again, which a symlink flipped in between could send elsewhere.
   */
  run(input: Input, context: ToolContext, approved?: ToolAccess): Promise<ToolResult>;
}

/** A result that tells the model what went wrong and how to correct the call. */
export function toolError(content: string): ToolResult {
  return {content, isError: true, summary: content.split('\n', 1)[0]!.slice(0, 120)};
}
