import type {AgentEvent} from '../../src/agent/events.js';
import type {Approver} from '../../src/agent/approval.js';
import type {ConversationAgent} from '../../src/ui/conversation-agent.js';

/** One turn of a scripted agent: yields events for a prompt, and should stop when the signal aborts. */
export type ScriptedTurn = (prompt: string, signal: AbortSignal, approver: Approver) => AsyncIterable<AgentEvent>;

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A ConversationAgent that plays one scripted turn per prompt and records the prompts it got. */
export class ScriptedAgent implements ConversationAgent {
  readonly prompts: string[] = [];
  readonly signals: AbortSignal[] = [];
  model = 'scripted-model';
  private readonly turns: ScriptedTurn[];
  private readonly approver: Approver;

  constructor(turns: ScriptedTurn[], approver: Approver) {
    this.turns = turns;
    this.approver = approver;
  }

  setModel(model: string): void {
    this.model = model;
  }

  async *run(prompt: string, signal: AbortSignal): AsyncGenerator<AgentEvent> {
    this.prompts.push(prompt);
    this.signals.push(signal);
    const turn = this.turns.shift();
    if (!turn) {
      throw new Error(`scripted agent: no turn left for "${prompt}"`);
    }

    yield* turn(prompt, signal, this.approver);
  }
}

/** A turn that streams `text` in `parts` deltas `delayMs` apart, then ends, or ends as aborted. */
export function streamedAnswer(text: string, options: {parts?: number; delayMs?: number} = {}): ScriptedTurn {
  return async function* (_prompt, signal) {
    const parts = options.parts ?? 1;
    const size = Math.ceil(text.length / parts);
    let sent = '';
    for (let index = 0; index < text.length; index += size) {
      if (signal.aborted) {
        yield {type: 'message', message: {role: 'assistant', content: `${sent}\n[cancelled by the user]`}};
        yield {type: 'done', reason: 'aborted', result: 'Cancelled.', turns: 1, usage: {inputTokens: 0, outputTokens: 0}, durationMs: 1};
        return;
      }

      const part = text.slice(index, index + size);
      sent += part;
      yield {type: 'text_delta', text: part};
      if (options.delayMs) {
        await sleep(options.delayMs);
      }
    }

    yield {type: 'message', message: {role: 'assistant', content: text}};
    yield {type: 'usage', usage: {inputTokens: 100, outputTokens: 20}, total: {inputTokens: 100, outputTokens: 20}};
    yield {type: 'done', reason: 'end', result: text, turns: 1, usage: {inputTokens: 100, outputTokens: 20}, durationMs: 5};
  };
}
