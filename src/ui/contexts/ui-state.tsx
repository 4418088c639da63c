import {createContext, useContext} from 'react';
import type {PendingApproval} from '../approval-broker.js';
import type {BackendStatus, SessionInfo} from '../conversation-agent.js';
import type {EditorState} from '../line-editor.js';
import type {TranscriptState} from '../transcript.js';

/** Everything the TUI draws from. */
export type UiState = {
  transcript: TranscriptState;
  /** Prompts typed while a turn runs, sent when it ends. */
  queued: string[];
  sessionId: string;
  model: string;
  /** performance.now() when the running turn started; undefined when idle. */
  turnStartedAt: number | undefined;
  info: SessionInfo;
  editor: EditorState;
  approval: PendingApproval | undefined;
  /** Earlier prompts of this folder, oldest first. */
  history: string[];
  /** The session's save state, the context used, the MCP servers. */
  backend: BackendStatus;
  /** A short line under the prompt, e.g. "Press Ctrl+C again to exit". */
  hint: string | undefined;
};

export const UiStateContext = createContext<UiState | undefined>(undefined);

export function useUiState(): UiState {
  const state = useContext(UiStateContext);
  if (!state) {
    throw new Error('useUiState must be used inside <UiStateContext.Provider>.');
  }

  return state;
}
