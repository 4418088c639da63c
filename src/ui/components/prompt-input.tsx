import {Box, Text} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {usePromptKeys} from '../hooks/use-prompt-keys.js';
import {cursorPosition} from '../line-editor.js';
import {palette} from '../theme.js';
import {SlashSuggestions} from './slash-suggestions.js';

function Line({text, cursor}: {text: string; cursor: number | undefined}) {
  if (cursor === undefined) {
    return <Text>{text === '' ? ' ' : text}</Text>;
  }

  const at = text.codePointAt(cursor);
  const width = at !== undefined && at > 0xffff ? 2 : 1;
  return (
    <Text>
      {text.slice(0, cursor)}
      <Text inverse>{text.slice(cursor, cursor + width) || ' '}</Text>
      {text.slice(cursor + width)}
    </Text>
  );
}

/** The prompt: a multi-line input with a block cursor, and the matching slash commands under it. */
export function PromptInput({isActive}: {isActive: boolean}) {
  const {editor, hint} = useUiState();
  const {suggestions, selected} = usePromptKeys(isActive);
  const {lines, row, column} = cursorPosition(editor);

  return (
    <Box flexDirection="column">
      <Box borderStyle="single" borderColor={palette.muted} borderDimColor borderLeft={false} borderRight={false} borderBottom={false}>
        <Text color={palette.accent} bold>
          {'❯ '}
        </Text>
        <Box flexDirection="column" flexGrow={1}>
          {lines.map((line, index) => (
            <Line key={index} text={line.replace(/\t/g, ' ')} cursor={isActive && index === row ? column : undefined} />
          ))}
        </Box>
      </Box>
      {isActive ? <SlashSuggestions commands={suggestions} selected={selected} /> : null}
      {hint ? <Text color={palette.warning}>{hint}</Text> : null}
    </Box>
  );
}
