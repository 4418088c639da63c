import {Box} from 'ink';
import {ApprovalDialog} from './components/approval-dialog.js';
import {LiveArea} from './components/live-area.js';
import {PromptInput} from './components/prompt-input.js';
import {StatusLine} from './components/status-line.js';
import {busyChoices, QuestionDialog, trustChoices} from './components/question-dialog.js';
import {Transcript} from './components/transcript.js';
import {UiActionsContext} from './contexts/ui-actions.js';
import {UiStateContext} from './contexts/ui-state.js';
import {useAppState, type AppOptions} from './hooks/use-app-state.js';

export type AppProps = AppOptions;

/** The root: state and actions in their contexts, and the layout from transcript down to status line. */
export function App(props: AppProps) {
  const {state, actions} = useAppState(props);
  const {trust, busy} = state.backend;
  const question = state.approval
    ? undefined
    : busy
      ? <QuestionDialog key="busy" lines={busy} choices={busyChoices} onAnswer={key => actions.answerBusy(key === 'c')} />
      : trust
        ? <QuestionDialog key="trust" lines={trust} choices={trustChoices} onAnswer={key => actions.answerTrust(key === 'y')} />
        : undefined;
  return (
    <UiActionsContext.Provider value={actions}>
      <UiStateContext.Provider value={state}>
        <Transcript />
        <Box flexDirection="column">
          <LiveArea />
          {state.approval ? <ApprovalDialog key={state.approval.id} pending={state.approval} /> : null}
          {question ?? null}
          <PromptInput isActive={state.approval === undefined && question === undefined} />
          <StatusLine />
        </Box>
      </UiStateContext.Provider>
    </UiActionsContext.Provider>
  );
}
