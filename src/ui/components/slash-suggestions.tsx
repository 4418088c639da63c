import {Box, Text} from 'ink';
import type {SlashCommand} from '../commands.js';
import {palette} from '../theme.js';

/** The commands that match what is typed; Tab completes the highlighted one. */
export function SlashSuggestions({commands, selected}: {commands: SlashCommand[]; selected: number}) {
  if (commands.length === 0) {
    return null;
  }

  const width = Math.max(...commands.map(command => command.name.length + (command.args ? command.args.length + 1 : 0)));
  return (
    <Box flexDirection="column" paddingLeft={2}>
      {commands.map((command, index) => (
        <Text key={command.name} inverse={index === selected && commands.length > 1}>
          <Text color={palette.accent}>/{`${command.name}${command.args ? ` ${command.args}` : ''}`.padEnd(width)}</Text>
          {'  '}
          <Text dimColor>{command.description}</Text>
        </Text>
      ))}
    </Box>
  );
}
