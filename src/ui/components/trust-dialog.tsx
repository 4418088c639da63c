import {Box, Text, useInput} from 'ink';
import {useRef} from 'react';
import {useUiActions} from '../contexts/ui-actions.js';
import {palette} from '../theme.js';
import {approvalKeyGuardMs} from './approval-dialog.js';

/** Asks once per folder whether its .mcp.json servers may run; the lines say what they would run. */
export function TrustDialog({lines}: {lines: string[]}) {
  const {answerTrust} = useUiActions();
  const shownAt = useRef(performance.now());
  useInput(input => {
    // Keys typed just before the question appeared were meant for the prompt.
    if (performance.now() - shownAt.current < approvalKeyGuardMs) {
      return;
    }

    const answer = input.toLowerCase();
    if (answer === 'y' || answer === 'n') {
      answerTrust(answer === 'y');
    }
  });

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={palette.warning} paddingX={1} marginTop={1}>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text>
        <Text bold color={palette.success}>y</Text> trust this folder and start them · <Text bold color={palette.error}>n</Text> not
        now (remembered; /mcp trust changes it)
      </Text>
    </Box>
  );
}
