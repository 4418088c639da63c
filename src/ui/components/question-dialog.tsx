import {Box, Text, useInput} from 'ink';
import {Fragment, useRef} from 'react';
import {palette} from '../theme.js';
import {approvalKeyGuardMs} from './approval-dialog.js';

export type Choice = {key: string; label: string; tone: 'success' | 'error' | 'accent'};

/**
 * A question the TUI asks before going on: whether a folder's MCP servers may run, whether to
 * continue a busy session in a copy, whether a change to the settings may take effect. One key
 * answers it.
 */
export function QuestionDialog({lines, choices, onAnswer}: {lines: string[]; choices: Choice[]; onAnswer(key: string): void}) {
  const shownAt = useRef(performance.now());
  useInput(input => {
    // Keys typed just before the question appeared were meant for the prompt.
    if (performance.now() - shownAt.current < approvalKeyGuardMs) {
      return;
    }

    const choice = choices.find(item => item.key === input.toLowerCase());
    if (choice) {
      onAnswer(choice.key);
    }
  });

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={palette.warning} paddingX={1} marginTop={1}>
      {lines.map((line, index) => (
        <Text key={index}>{line}</Text>
      ))}
      <Text>
        {choices.map((choice, index) => (
          <Fragment key={choice.key}>
            {index > 0 ? ' · ' : ''}
            <Text bold color={palette[choice.tone]}>
              {choice.key}
            </Text>{' '}
            {choice.label}
          </Fragment>
        ))}
      </Text>
    </Box>
  );
}

export const trustChoices: Choice[] = [
  {key: 'y', label: 'trust this folder and start them', tone: 'success'},
  {key: 'n', label: 'not now (remembered; /mcp trust changes it)', tone: 'error'},
];

export const busyChoices: Choice[] = [
  {key: 'c', label: 'continue in a copy', tone: 'success'},
  {key: 'n', label: 'leave it, stay in this session', tone: 'error'},
];

export const settingsChoices: Choice[] = [
  {key: 'y', label: 'use the new settings (remembered as confirmed)', tone: 'success'},
  {key: 'n', label: 'keep the confirmed values for this run', tone: 'error'},
];
