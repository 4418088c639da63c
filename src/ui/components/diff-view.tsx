import {Box, Text} from 'ink';
import type {Folded} from '../transcript.js';
import {palette} from '../theme.js';

/** The colour of a diff line: added, removed, hunk header, or none. */
export function lineColour(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) {
    return undefined;
  }

  if (line.startsWith('+')) {
    return palette.added;
  }

  if (line.startsWith('-')) {
    return palette.removed;
  }

  return line.startsWith('@@') ? palette.hunk : undefined;
}

/** A unified diff, added lines green and removed lines red, long ones folded. */
export function DiffView({diff}: {diff: Folded}) {
  return (
    <Box flexDirection="column" paddingLeft={4}>
      {diff.lines.map((line, index) => (
        <Text key={index} color={lineColour(line)} bold={line.startsWith('+++') || line.startsWith('---')} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {diff.hidden > 0 ? <Text dimColor>… {diff.hidden} more lines</Text> : null}
    </Box>
  );
}
