import {Box, Text} from 'ink';
import type {ToolRow} from '../transcript.js';
import {palette} from '../theme.js';
import {DiffView} from './diff-view.js';

function duration(ms: number | undefined): string {
  if (ms === undefined) {
    return '';
  }

  return ms < 1000 ? ` (${ms} ms)` : ` (${(ms / 1000).toFixed(1)} s)`;
}

function Mark({tool, spinner}: {tool: ToolRow; spinner: string}) {
  switch (tool.status) {
    case 'running': {
      return <Text color={palette.accent}>{spinner}</Text>;
    }

    case 'done': {
      return <Text color={palette.success}>✓</Text>;
    }

    case 'failed': {
      return <Text color={palette.error}>✗</Text>;
    }

    case 'cancelled': {
      return <Text color={palette.warning}>■</Text>;
    }
  }
}

function outcome(tool: ToolRow): string {
  if (tool.status === 'running') {
    return '';
  }

  const summary = tool.status === 'cancelled' ? 'cancelled' : tool.summary ?? (tool.status === 'failed' ? 'failed' : 'done');
  return ` — ${summary}${duration(tool.durationMs)}`;
}

/** One tool call: name, key argument, a spinner while it runs, then its outcome, diff and folded output. */
export function ToolCall({tool, spinner = '·'}: {tool: ToolRow; spinner?: string}) {
  return (
    <Box flexDirection="column">
      <Box>
        <Mark tool={tool} spinner={spinner} />
        <Text wrap="truncate-end">
          {' '}
          <Text bold>{tool.name}</Text>
          {tool.argument === '' ? '' : ` ${tool.argument}`}
          <Text dimColor={tool.status !== 'failed'} color={tool.status === 'failed' ? palette.error : undefined}>
            {outcome(tool)}
          </Text>
        </Text>
      </Box>
      {tool.diff ? <DiffView diff={tool.diff} /> : null}
      {tool.output ? (
        <Box flexDirection="column" paddingLeft={4}>
          <Text dimColor>{tool.output.lines.join('\n')}</Text>
          {tool.output.hidden > 0 ? <Text dimColor>… {tool.output.hidden} more lines</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
