import {createContext, useContext} from 'react';
import type {ApprovalChoice} from '../approval-broker.js';
import type {EditorState} from '../line-editor.js';

/** What the widgets can ask for; stable across renders. */
export type UiActions = {
  /** Sends a prompt, or runs it as a slash command when it starts with "/". */
  send(line: string): void;
  /** Stops the running turn; prompts queued meanwhile come back into the input. */
  cancelTurn(): void;
  setEditor(update: EditorState | ((current: EditorState) => EditorState)): void;
  answerApproval(choice: ApprovalChoice): void;
  /** Answers whether this folder's .mcp.json servers may run. */
  answerTrust(trusted: boolean): void;
  /** Answers whether to continue a session open in another alex in a copy. */
  answerBusy(copy: boolean): void;
  exit(): void;
};

export const UiActionsContext = createContext<UiActions | undefined>(undefined);

export function useUiActions(): UiActions {
  const actions = useContext(UiActionsContext);
  if (!actions) {
    throw new Error('useUiActions must be used inside <UiActionsContext.Provider>.');
  }

  return actions;
}
