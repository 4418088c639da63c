// The conversation: one agent, one turn at a time, prompts typed meanwhile queued. Owns the
// AbortController of the running turn and feeds agent events to the transcript in frames.
import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {Approver} from '../../agent/approval.js';
import {errorMessage, isAbortError} from '../../errors.js';
import type {Message} from '../../llm/types.js';
import type {AgentFactory, ConversationAgent, ConversationStart} from '../conversation-agent.js';
import {EventBatcher} from '../event-batcher.js';
import {collectAfterTurn} from '../idle-gc.js';
import {loadMarkdown} from '../markdown.js';
import {initialTranscript, transcriptReducer, type NoticeTone, type TranscriptState} from '../transcript.js';

export type ConversationOptions = {
  startAgent: AgentFactory;
  approver: Approver;
  sessionId: string;
  /** The configured model, shown until the agent is ready. */
  model: string;
  initialMessages?: Message[];
  /** Called when another conversation replaces this one (/clear, /resume): what was allowed for the session ends. */
  onReplaced?: () => void;
};

export type Conversation = {
  transcript: TranscriptState;
  queued: string[];
  sessionId: string;
  model: string;
  /** When the running turn started (performance.now()), for the elapsed time. */
  turnStartedAt: number | undefined;
  submit(prompt: string): void;
  /** Stops the running turn; returns the queued prompts, which are dropped. */
  cancel(): string[];
  say(text: string, tone?: NoticeTone): void;
  /** Shows a slash command line in the transcript, as typed. */
  echo(line: string): void;
  /** Replaces the conversation on screen and its agent: a new session (/clear) or a resumed one (/resume). */
  startConversation(start: ConversationStart): Promise<void>;
  setModel(name: string): void;
};

/** Waits for a promise unless the signal aborts first. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, {once: true});
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function initialState(messages: Message[] | undefined): TranscriptState {
  return messages ? transcriptReducer(initialTranscript, {type: 'restore', messages}) : initialTranscript;
}

export function useConversation(options: ConversationOptions): Conversation {
  const {startAgent, approver} = options;
  const [transcript, dispatch] = useReducer(transcriptReducer, options.initialMessages, initialState);
  const [queued, setQueued] = useState<string[]>([]);
  const [sessionId, setSessionId] = useState(options.sessionId);
  const [model, setModelState] = useState(options.model);
  const chosenModel = useRef<string | undefined>(undefined);
  const [turnStartedAt, setTurnStartedAt] = useState<number>();
  const agent = useRef<Promise<ConversationAgent> | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const queue = useRef<string[]>([]);
  const busy = useRef(false);

  const say = useCallback((text: string, tone: NoticeTone = 'info') => dispatch({type: 'notice', tone, text}), []);
  const echo = useCallback((line: string) => dispatch({type: 'command', line}), []);

  /** The agent, started on first need; after a failed start the next call tries again. */
  const currentAgent = useCallback((messages?: Message[]): Promise<ConversationAgent> => {
    if (!agent.current) {
      const started = startAgent(approver, messages);
      agent.current = started;
      started.then(
        created => {
          if (chosenModel.current !== undefined) {
            created.setModel(chosenModel.current);
          }

          setModelState(created.model);
        },
        () => {
          if (agent.current === started) {
            agent.current = undefined;
          }
        },
      );
    }

    return agent.current;
  }, [startAgent, approver]);

  const runTurn = useCallback(async (prompt: string): Promise<void> => {
    busy.current = true;
    const started = performance.now();
    setTurnStartedAt(started);
    dispatch({type: 'turn_begin', prompt});
    const turn = new AbortController();
    controller.current = turn;
    const batcher = new EventBatcher(events => dispatch({type: 'events', events}));
    let firstTokenMs: number | undefined;
    try {
      const [ready] = await unlessAborted(Promise.all([currentAgent(), loadMarkdown()]), turn.signal);
      for await (const event of ready.run(prompt, turn.signal)) {
        if (event.type === 'text_delta' && firstTokenMs === undefined) {
          firstTokenMs = Math.round(performance.now() - started);
        }

        batcher.push(event);
      }
    } catch (error) {
      batcher.flush();
      dispatch({type: 'notice', tone: isAbortError(error) ? 'warning' : 'error', text: isAbortError(error) ? 'Cancelled.' : errorMessage(error)});
    } finally {
      batcher.flush();
      controller.current = undefined;
      busy.current = false;
      setTurnStartedAt(undefined);
      dispatch({type: 'turn_end', firstTokenMs});
      collectAfterTurn();
    }
  }, [currentAgent]);

  const drain = useCallback(async (first: string) => {
    let prompt: string | undefined = first;
    while (prompt !== undefined) {
      await runTurn(prompt);
      prompt = queue.current.shift();
      setQueued([...queue.current]);
    }
  }, [runTurn]);

  const submit = useCallback((prompt: string) => {
    if (busy.current) {
      queue.current.push(prompt);
      setQueued([...queue.current]);
      return;
    }

    void drain(prompt);
  }, [drain]);

  const cancel = useCallback((): string[] => {
    const dropped = queue.current.splice(0);
    setQueued([]);
    controller.current?.abort(new DOMException('The user cancelled the turn.', 'AbortError'));
    return dropped;
  }, []);

  const startConversation = useCallback(async (start: ConversationStart) => {
    options.onReplaced?.();
    agent.current = undefined;
    setSessionId(start.sessionId);
    dispatch({type: 'clear'});
    if (start.messages) {
      dispatch({type: 'restore', messages: start.messages});
    }

    try {
      await currentAgent(start.messages);
      dispatch({type: 'notice', tone: 'info', text: start.notice ?? 'New conversation.'});
    } catch (error) {
      dispatch({type: 'notice', tone: 'error', text: errorMessage(error)});
    }
  }, [currentAgent]);

  const setModel = useCallback((name: string) => {
    chosenModel.current = name;
    setModelState(name);
    void agent.current?.then(ready => ready.setModel(name), () => undefined);
  }, []);

  useEffect(() => {
    currentAgent(options.initialMessages).catch((error: unknown) => dispatch({type: 'notice', tone: 'error', text: errorMessage(error)}));
    const prefetch = setTimeout(() => void loadMarkdown(), 50);
    return () => {
      clearTimeout(prefetch);
      controller.current?.abort(new DOMException('The TUI closed.', 'AbortError'));
    };
    // Started once for the first conversation; /clear starts the next one itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {transcript, queued, sessionId, model, turnStartedAt, submit, cancel, say, echo, startConversation, setModel};
}
