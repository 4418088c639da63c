import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import type {PendingApproval} from '../approval-broker.js';
import {approvalPreview} from '../approval-preview.js';
import {useUiActions} from '../contexts/ui-actions.js';
import {inertLine} from '../inert.js';
import {cleanTyped} from '../prompt-keys.js';
import {palette} from '../theme.js';
import {DiffView} from './diff-view.js';

/** Keys typed this soon after the dialog appears were meant for the prompt, not for the question. */
export const approvalKeyGuardMs = 300;

/** Asks whether a tool call may run: y yes, a yes for this session, n no with an optional reason. */
export function ApprovalDialog({pending}: {pending: PendingApproval}) {
  const {answerApproval} = useUiActions();
  const [reason, setReasonState] = useState<string | undefined>(undefined);
  // Keys of one read reach the handler before it sees the next render: it reads the ref.
  const typed = useRef(reason);
  const setReason = (next: string | undefined) => {
    typed.current = next;
    setReasonState(next);
  };

  const {request} = pending;
  const shownAt = useRef(performance.now());
  const {scope} = pending;

  useInput((input, key) => {
    if (performance.now() - shownAt.current < approvalKeyGuardMs) {
      return;
    }

    const sofar = typed.current;
    if (sofar !== undefined) {
      if (key.return) {
        answerApproval({kind: 'no', reason: sofar});
        setReason(undefined);
      } else if (key.backspace || key.delete) {
        setReason(sofar.slice(0, -1));
      } else if (!key.ctrl && !key.meta && !key.escape && input !== '') {
        setReason(sofar + cleanTyped(input).replace(/\s+/g, ' '));
      }

      return;
    }

    const answer = input.toLowerCase();
    if (answer === 'y') {
      answerApproval({kind: 'yes'});
    } else if (answer === 'a' && scope !== undefined) {
      answerApproval({kind: 'always'});
    } else if (answer === 'n') {
      setReason('');
    }
  });

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={palette.warning} paddingX={1} marginTop={1}>
      <Text>
        <Text bold>{request.call.name}</Text> {inertLine(request.reason)}
      </Text>
      <DiffView diff={approvalPreview(request)} />
      {reason === undefined ? (
        <Text>
          <Text bold color={palette.success}>y</Text> yes ·{' '}
          {scope === undefined ? null : (
            <>
              <Text bold color={palette.accent}>a</Text> yes to {inertLine(scope)} this session ·{' '}
            </>
          )}
          <Text bold color={palette.error}>n</Text> no · esc stops the turn
        </Text>
      ) : (
        <Text>
          Reason for the model (optional), Enter to send: {reason}
          <Text inverse> </Text>
        </Text>
      )}
    </Box>
  );
}
