import {describe, expect, it} from 'vitest';
import {matchingCommands, parseCommand} from '../../src/ui/commands.js';

describe('slash command table', () => {
  it('matches commands by the start of their name', () => {
    expect(matchingCommands('/c').map(command => command.name)).toEqual(['clear', 'compact']);
    expect(matchingCommands('/model gpt')).toEqual([]);
    expect(matchingCommands('hello')).toEqual([]);
  });

  it('parses a command with its arguments, and a unique prefix', () => {
    const parsed = parseCommand('/model  gpt-4o');
    expect('command' in parsed && parsed.command.name).toBe('model');
    expect('command' in parsed && parsed.args).toBe('gpt-4o');
    expect(parseCommand('/sta')).toMatchObject({command: {name: 'status'}, args: ''});
  });

  it('names the candidates of an ambiguous prefix', () => {
    expect(parseCommand('/c')).toEqual({error: 'Unknown command /c: it could be /clear, /compact.'});
  });
});
