import type {ToolCall} from '../llm/types.js';
import type {ToolAccess} from '../tools/types.js';

export type ApprovalRequest = {
  call: ToolCall;
  input: Record<string, unknown>;
  access: ToolAccess;
  /** Why it needs asking, e.g. "runs a shell command". */
  reason: string;
};

export type ApprovalAnswer = {approved: true} | {approved: false; message: string};

/** Asks someone whether a tool call may run: the TUI's dialog, or the headless refusal. */
export interface Approver {
  approve(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer>;
}

/** Headless runs cannot ask: what would need asking is refused, and the model is told why. */
export const headlessApprover: Approver = {
  async approve(request) {
    return {
      approved: false,
      message: `Not run: ${request.call.name} ${request.reason}, which needs the user's approval, and this non-interactive run cannot ask. Tell the user what you wanted to do; they can rerun with --approval auto-edit, --yolo, or a permission rule.`,
    };
  },
};
