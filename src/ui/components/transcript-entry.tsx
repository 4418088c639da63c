import {Box, Text} from 'ink';
import {memo} from 'react';
import {inert} from '../inert.js';
import type {NoticeTone, TranscriptItem} from '../transcript.js';
import {palette} from '../theme.js';
import {MarkdownView} from './markdown-view.js';
import {ToolCall} from './tool-call.js';

const toneColour: Record<NoticeTone, string | undefined> = {info: undefined, warning: palette.warning, error: palette.error};

/** One finished item of the transcript. */
export const TranscriptEntry = memo(function TranscriptEntry({item}: {item: TranscriptItem}) {
  switch (item.kind) {
    case 'user': {
      return (
        <Box marginTop={1}>
          <Text color={palette.user} bold>
            {'❯ '}
          </Text>
          <Text bold>{inert(item.text)}</Text>
        </Box>
      );
    }

    case 'answer': {
      return (
        <Box marginTop={item.first ? 1 : 0} paddingLeft={2}>
          <MarkdownView text={item.piece.text} fence={item.piece.fence} />
        </Box>
      );
    }

    case 'tool': {
      return (
        <Box paddingLeft={2}>
          <ToolCall tool={item.tool} />
        </Box>
      );
    }

    case 'notice': {
      const prefix = item.tone === 'error' ? '✗ ' : item.tone === 'warning' ? '! ' : '';
      return (
        <Box paddingLeft={2}>
          <Text color={toneColour[item.tone]} dimColor={item.tone === 'info'}>
            {prefix}
            {item.text}
          </Text>
        </Box>
      );
    }
  }
});
