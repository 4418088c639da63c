import {Box, Text} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {inertLine} from '../inert.js';
import {useSpinner} from '../hooks/use-spinner.js';
import {palette} from '../theme.js';
import {MarkdownView} from './markdown-view.js';
import {ToolCall} from './tool-call.js';

/** Longest streamed tail drawn live; more only happens in a single giant line, which is cut at the front. */
const maxLiveChars = 4000;

function Activity({startedAt, spinner, waiting}: {startedAt: number; spinner: string; waiting: boolean}) {
  const seconds = Math.floor((performance.now() - startedAt) / 1000);
  return (
    <Box marginTop={1}>
      <Text color={palette.accent}>{spinner} </Text>
      <Text dimColor>
        {waiting ? 'Waiting for your answer' : 'Working'} · {seconds} s · esc to stop
      </Text>
    </Box>
  );
}

/** What still changes: the streamed tail of the answer, running tools, retries, queued prompts. */
export function LiveArea() {
  const {transcript, turnStartedAt, queued, approval} = useUiState();
  const busy = turnStartedAt !== undefined;
  // While a reply's text streams, the text shows progress; the spinner rests and draws no frames.
  const streaming = transcript.streamed;
  const spinner = useSpinner(busy && !streaming && approval === undefined);
  const pending = transcript.pending.length > maxLiveChars ? transcript.pending.slice(-maxLiveChars) : transcript.pending;

  return (
    <Box flexDirection="column">
      {transcript.pending === '' ? null : (
        <Box marginTop={transcript.answerStarted ? 0 : 1} paddingLeft={2}>
          <MarkdownView text={pending} fence={transcript.fence?.opener} />
        </Box>
      )}
      {transcript.tools.map(tool => (
        <Box key={tool.callId} paddingLeft={2}>
          <ToolCall tool={tool} spinner={spinner} />
        </Box>
      ))}
      {transcript.retry ? (
        <Box paddingLeft={2}>
          <Text color={palette.warning}>{transcript.retry}</Text>
        </Box>
      ) : null}
      {busy && !streaming ? <Activity startedAt={turnStartedAt} spinner={spinner} waiting={approval !== undefined} /> : null}
      {queued.map((prompt, index) => (
        <Box key={index} paddingLeft={2}>
          <Text dimColor wrap="truncate-end">
            queued: {inertLine(prompt)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
