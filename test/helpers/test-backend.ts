import {UsageError} from '../../src/errors.js';
import type {Message} from '../../src/llm/types.js';
import type {AgentFactory, BackendStatus, ConversationStart, TuiBackend} from '../../src/ui/conversation-agent.js';

type Say = (text: string, tone: 'info' | 'warning' | 'error') => void;

/** A TuiBackend for component tests: sessions in memory, every call noted in `calls`. */
export class TestBackend implements TuiBackend {
  readonly calls: string[] = [];
  readonly sessions = new Map<string, Message[]>();
  private current: BackendStatus = {save: {status: 'saved'}, context: undefined, mcp: undefined, trust: undefined, busy: undefined};
  private readonly listeners = new Set<() => void>();
  private say: Say | undefined;
  private created = 0;

  constructor(readonly startAgent: AgentFactory) {}

  newSession(): ConversationStart {
    this.calls.push('newSession');
    return {sessionId: `0new${++this.created}`};
  }

  resume(prefix: string): ConversationStart {
    this.calls.push(`resume ${prefix}`);
    const messages = this.sessions.get(prefix);
    if (!messages) {
      throw new UsageError(`No session with id ${prefix}.`);
    }

    return {sessionId: prefix, messages, notice: `Resumed session ${prefix} (${messages.length} messages).`};
  }

  answerBusy(copy: boolean): ConversationStart | undefined {
    this.calls.push(`busy ${copy}`);
    this.setStatus({busy: undefined});
    return copy ? {sessionId: '0copy1', messages: [{role: 'user', content: 'copied question'}], notice: 'Continuing in a copy.'} : undefined;
  }

  sessionLines(): string[] {
    return this.sessions.size === 0 ? ['No sessions here yet.'] : [...this.sessions.keys()];
  }

  async compact(focus: string | undefined): Promise<string> {
    this.calls.push(`compact ${focus ?? ''}`.trim());
    return 'Compacted 4 earlier messages.';
  }

  mcp(args: string): string[] {
    this.calls.push(`mcp ${args}`.trim());
    return ['docs   stdio  user     ready     3 tools, booted in 0.4 s'];
  }

  answerTrust(trusted: boolean): void {
    this.calls.push(`trust ${trusted}`);
    this.setStatus({trust: undefined});
  }

  statusLines(): string[] {
    return ['Session file: /tmp/session.jsonl (saved)'];
  }

  status = (): BackendStatus => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  attach(say: Say): () => void {
    this.say = say;
    return () => {
      this.say = undefined;
    };
  }

  /** Changes what the status line shows, as a real backend does when the disk or a server changes. */
  setStatus(next: Partial<BackendStatus>): void {
    this.current = {...this.current, ...next};
    for (const listener of this.listeners) {
      listener();
    }
  }

  /** Sends a line to the transcript, as a failing MCP server does. */
  notice(text: string, tone: 'info' | 'warning' | 'error' = 'warning'): void {
    this.say?.(text, tone);
  }
}
