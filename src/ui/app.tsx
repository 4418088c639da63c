import {Box} from 'ink';
import {ApprovalDialog} from './components/approval-dialog.js';
import {LiveArea} from './components/live-area.js';
import {PromptInput} from './components/prompt-input.js';
import {StatusLine} from './components/status-line.js';
import {TrustDialog} from './components/trust-dialog.js';
import {Transcript} from './components/transcript.js';
import {UiActionsContext} from './contexts/ui-actions.js';
import {UiStateContext} from './contexts/ui-state.js';
import {useAppState, type AppOptions} from './hooks/use-app-state.js';

export type AppProps = AppOptions;

/** The root: state and actions in their contexts, and the layout from transcript down to status line. */
export function App(props: AppProps) {
  const {state, actions} = useAppState(props);
  return (
    <UiActionsContext.Provider value={actions}>
      <UiStateContext.Provider value={state}>
        <Transcript />
        <Box flexDirection="column">
          <LiveArea />
          {state.approval ? <ApprovalDialog key={state.approval.id} pending={state.approval} /> : null}
          {state.backend.trust && !state.approval ? <TrustDialog lines={state.backend.trust} /> : null}
          <PromptInput isActive={state.approval === undefined && state.backend.trust === undefined} />
          <StatusLine />
        </Box>
      </UiStateContext.Provider>
    </UiActionsContext.Provider>
  );
}
