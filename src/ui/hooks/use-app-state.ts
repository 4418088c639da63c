import {useApp} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {Message} from '../../llm/types.js';
import type {ApprovalBroker, ApprovalChoice} from '../approval-broker.js';
import type {UiActions} from '../contexts/ui-actions.js';
import type {UiState} from '../contexts/ui-state.js';
import type {SessionInfo, TuiBackend} from '../conversation-agent.js';
import {editorWith, emptyEditor, type EditorState} from '../line-editor.js';
import type {PromptHistory} from '../prompt-history.js';
import {useApprovalRequest} from './use-approval-request.js';
import {useConversation} from './use-conversation.js';
import {useExitKeys} from './use-exit-keys.js';
import {usePromptHistory} from './use-prompt-history.js';
import {useSlashCommands} from './use-slash-commands.js';

export type AppOptions = {
  info: SessionInfo;
  model: string;
  sessionId: string;
  backend: TuiBackend;
  broker: ApprovalBroker;
  history?: PromptHistory;
  initialMessages?: Message[];
};

/** Wires the conversation, the prompt, approvals and commands into the state and actions the widgets read. */
export function useAppState(options: AppOptions): {state: UiState; actions: UiActions} {
  const {broker, info, backend} = options;
  const {exit: unmount} = useApp();
  const conversation = useConversation({startAgent: backend.startAgent, approver: broker, sessionId: options.sessionId, model: options.model, initialMessages: options.initialMessages, onReplaced: () => broker.forgetSession()});
  const approval = useApprovalRequest(broker);
  const history = usePromptHistory(options.history);
  const [editor, setEditor] = useState<EditorState>(emptyEditor);
  const latest = useRef(conversation);
  latest.current = conversation;

  const exit = useCallback(() => {
    latest.current.cancel();
    unmount();
  }, [unmount]);

  const backendStatus = useSyncExternalStore(backend.subscribe, backend.status);
  const runCommand = useSlashCommands(conversation, info, backend, exit);
  useEffect(() => backend.attach((text, tone) => latest.current.say(text, tone)), [backend]);
  useEffect(() => {
    broker.onRemember = what => latest.current.say(`Allowed for this session: ${what}.`);
    return () => {
      broker.onRemember = undefined;
    };
  }, [broker]);

  const cancelTurn = useCallback(() => {
    const dropped = latest.current.cancel();
    if (dropped.length > 0) {
      setEditor(current => editorWith([current.text, ...dropped].filter(Boolean).join('\n')));
    }
  }, []);

  const send = useCallback((line: string) => {
    if (line.trim() === '') {
      return;
    }

    if (line.startsWith('/')) {
      runCommand(line);
      return;
    }

    history.add(line);
    latest.current.submit(line);
  }, [runCommand, history.add]);

  const answerApproval = useCallback((choice: ApprovalChoice) => broker.answer(choice), [broker]);
  const busy = conversation.turnStartedAt !== undefined;
  const hint = useExitKeys({busy, inputEmpty: editor.text === '', cancelTurn, clearInput: () => setEditor(emptyEditor), exit});
  const answerTrust = useCallback((trusted: boolean) => backend.answerTrust(trusted), [backend]);
  const answerBusy = useCallback((copy: boolean) => {
    const start = backend.answerBusy(copy);
    if (start) {
      void latest.current.startConversation(start);
    }
  }, [backend]);
  const actions = useMemo<UiActions>(() => ({send, cancelTurn, setEditor, answerApproval, answerTrust, answerBusy, exit}), [send, cancelTurn, answerApproval, answerTrust, answerBusy, exit]);
  const state: UiState = {
    transcript: conversation.transcript,
    queued: conversation.queued,
    sessionId: conversation.sessionId,
    model: conversation.model,
    turnStartedAt: conversation.turnStartedAt,
    info,
    editor,
    approval,
    history: history.prompts,
    backend: backendStatus,
    hint,
  };

  return {state, actions};
}
