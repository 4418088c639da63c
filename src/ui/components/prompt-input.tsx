import {Box, Text} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {usePromptKeys} from '../hooks/use-prompt-keys.js';
import {cursorPosition} from '../line-editor.js';
import {palette} from '../theme.js';
import {SlashSuggestions} from './slash-suggestions.js';

function withCursor(line: string, column: number) {
  const at = line.codePointAt(column);
  const width = at !== undefined && at > 0xffff ? 2 : 1;
  return (
    <>
      {line.slice(0, column)}
      <Text inverse>{line.slice(column, column + width) || ' '}</Text>
      {line.slice(column + width)}
    </>
  );
}

/** The prompt: a multi-line input with a block cursor, and the matching slash commands under it. */
export function PromptInput({isActive}: {isActive: boolean}) {
  const {editor, hint} = useUiState();
  const {suggestions, selected} = usePromptKeys(isActive);
  const {lines, row, column} = cursorPosition(editor);

  // One <Text> for all lines: each Ink node costs layout work on every frame.
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Text color={palette.accent} bold>
          {'❯ '}
        </Text>
        {lines.map((raw, index) => {
          const line = raw.replace(/\t/g, ' ');
          return (
            <Text key={index}>
              {index > 0 ? '\n  ' : ''}
              {isActive && index === row ? withCursor(line, column) : line}
            </Text>
          );
        })}
      </Text>
      {isActive ? <SlashSuggestions commands={suggestions} selected={selected} /> : null}
      {hint ? <Text color={palette.warning}>{hint}</Text> : null}
    </Box>
  );
}
