import {Text} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {contextPercent} from '../status-text.js';

/** Model, context used, MCP servers, session id and whether it is saved; the stop key while a turn runs. */
export function StatusLine() {
  const {model, transcript, info, sessionId, turnStartedAt} = useUiState();
  const percent = contextPercent(transcript.lastUsage, info.contextWindow);
  const parts = [model, `ctx ${percent === undefined ? '–' : `${percent}%`}`];
  if (info.mcp) {
    parts.push(`mcp ${info.mcp.running}/${info.mcp.configured}`);
  }

  // Not supported yet: saving sessions. The marker says so until the session store exists.
  parts.push(`session ${sessionId}`, 'not saved');

  if (turnStartedAt !== undefined) {
    parts.push('esc to stop');
  }

  return (
    <Text dimColor wrap="truncate-end">
      {parts.join(' · ')}
    </Text>
  );
}
