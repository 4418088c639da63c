import {Box, Text} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {inertLine} from '../inert.js';
import {contextPercent} from '../status-text.js';
import {palette} from '../theme.js';

/**
 * Model, context used, MCP servers, session id and whether it is saved; the stop key while a turn
 * runs. Under it, a line when the session cannot be written, and one when compaction has something
 * to say (a failed summary).
 */
export function StatusLine() {
  const {model, transcript, info, sessionId, turnStartedAt, backend} = useUiState();
  const {context, mcp, save} = backend;
  const percent = contextPercent(transcript.lastUsage, info.contextWindow, context);
  const summarizing = context?.summary === 'running' ? ' compacting' : '';
  const parts = [model, `ctx ${percent === undefined ? '–' : `${percent}%`}${summarizing}`];
  if (mcp) {
    parts.push(`mcp ${mcp.ready}/${mcp.configured}`);
  }

  parts.push(`session ${sessionId}`);
  if (save?.status === 'pending') {
    parts.push('saving');
  } else if (save?.status === 'saved') {
    parts.push('saved');
  }

  if (turnStartedAt !== undefined) {
    parts.push('esc to stop');
  }

  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">
        {parts.join(' · ')}
      </Text>
      {save?.status === 'failing' ? (
        <Text color={palette.error} wrap="truncate-end">
          NOT SAVED: {inertLine(save.error)} ({save.unsaved} records waiting; retrying)
        </Text>
      ) : null}
      {context?.notice ? (
        <Text color={palette.warning} wrap="truncate-end">
          {inertLine(context.notice)}
        </Text>
      ) : null}
    </Box>
  );
}
