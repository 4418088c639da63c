// The TUI's Approver: the agent asks, the dialog answers. Requests wait in order (read-only calls
// of one reply can ask at the same time); an aborted turn takes its questions away.
import type {ApprovalAnswer, ApprovalRequest, Approver} from '../agent/approval.js';
import {SessionApprovals} from './session-approvals.js';

export type ApprovalChoice = {kind: 'yes'} | {kind: 'always'} | {kind: 'no'; reason: string};

export type PendingApproval = {
  id: number;
  request: ApprovalRequest;
  /** What "a" (yes for this session) would allow; undefined when the dialog offers only yes and no. */
  scope: string | undefined;
};

type Waiting = PendingApproval & {resolve(answer: ApprovalAnswer): void};

/** What the model is told when the user says no. */
export function refusalMessage(toolName: string, reason: string): string {
  const because = reason.trim() === '' ? '' : ` Their reason: ${reason.trim()}`;
  return `The user declined this ${toolName} call.${because} Do not retry it unchanged; ask the user or take another approach.`;
}

export class ApprovalBroker implements Approver {
  private readonly waiting: Waiting[] = [];
  private readonly listeners = new Set<() => void>();
  private session: SessionApprovals;
  private readonly workspace: string;
  private nextId = 1;
  /** Called with a line for the transcript when "a" widens what is allowed. */
  onRemember: ((what: string) => void) | undefined;

  constructor(workspace: string) {
    this.workspace = workspace;
    this.session = new SessionApprovals(workspace);
  }

  /** Drops what "yes for this session" allowed: another session starts. */
  forgetSession(): void {
    this.session = new SessionApprovals(this.workspace);
  }

  async approve(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    signal.throwIfAborted();
    if (this.session.allows(request)) {
      return {approved: true};
    }

    return new Promise((resolve, reject) => {
      const entry: Waiting = {id: this.nextId++, request, scope: this.session.scope(request), resolve: answer => settle(() => resolve(answer))};
      const onAbort = () => settle(() => reject(signal.reason as Error));
      const settle = (finish: () => void) => {
        signal.removeEventListener('abort', onAbort);
        this.remove(entry);
        finish();
      };

      signal.addEventListener('abort', onAbort, {once: true});
      this.waiting.push(entry);
      this.notify();
    });
  }

  /** The request the dialog shows now. */
  current = (): PendingApproval | undefined => this.waiting[0];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Answers the request on screen. */
  answer(choice: ApprovalChoice): void {
    const entry = this.waiting[0];
    if (!entry) {
      return;
    }

    if (choice.kind === 'no') {
      entry.resolve({approved: false, message: refusalMessage(entry.request.call.name, choice.reason)});
      return;
    }

    if (choice.kind === 'always') {
      const what = this.session.remember(entry.request);
      if (what !== undefined) {
        this.onRemember?.(what);
      }

      entry.resolve({approved: true});
      // Calls already waiting that the new rule covers need no question either.
      for (const other of this.waiting.filter(item => this.session.allows(item.request))) {
        other.resolve({approved: true});
      }

      return;
    }

    entry.resolve({approved: true});
  }

  private remove(entry: Waiting): void {
    const index = this.waiting.indexOf(entry);
    if (index !== -1) {
      this.waiting.splice(index, 1);
      this.notify();
    }
  }

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
