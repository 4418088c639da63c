// Slash commands of the TUI, as one table: /help and the completion list read it, and a later
// feature plugs in by replacing its entry (sessions, MCP and compaction say "not built yet" here
// until then).
import type {NoticeTone} from './transcript.js';

/** What a command can do to the running TUI. */
export type CommandContext = {
  /** Adds one line to the transcript. */
  say(text: string, tone?: NoticeTone): void;
  /** Starts a new conversation with a new agent. */
  newConversation(): Promise<void>;
  /** Model of the next request; setting it applies from then on. */
  model(): string;
  setModel(name: string): void;
  /** Lines for /status. */
  statusLines(): string[];
  exit(): void;
};

export type SlashCommand = {
  name: string;
  /** The arguments, as /help shows them: "<id>", "[name]". */
  args?: string;
  description: string;
  /** Also runs while a turn is running; others wait until it ends. */
  whileBusy?: boolean;
  run(context: CommandContext, args: string): void | Promise<void>;
};

function notBuilt(feature: string): (context: CommandContext) => void {
  return context => context.say(`${feature} is not built yet in this version of alex.`, 'warning');
}

export const slashCommands: SlashCommand[] = [
  {
    name: 'help',
    description: 'list the commands and keys',
    whileBusy: true,
    run(context) {
      const width = Math.max(...slashCommands.map(command => `/${command.name} ${command.args ?? ''}`.length));
      for (const command of slashCommands) {
        context.say(`/${command.name} ${command.args ?? ''}`.padEnd(width + 2) + command.description);
      }

      context.say('Keys: Enter sends, Ctrl+J or \\ then Enter adds a line, Up/Down recall prompts, Esc or Ctrl+C stops a turn, Ctrl+C twice or Ctrl+D exits.');
    },
  },
  {
    name: 'clear',
    description: 'start a new conversation',
    async run(context) {
      await context.newConversation();
    },
  },
  {name: 'compact', description: 'summarize the conversation to free context', run: notBuilt('/compact (context compaction)')},
  {name: 'sessions', description: 'list the sessions of this folder', whileBusy: true, run: notBuilt('/sessions (sessions)')},
  {name: 'resume', args: '<id>', description: 'continue an earlier session', run: notBuilt('/resume (sessions)')},
  {
    name: 'model',
    args: '[name]',
    description: 'show or change the model',
    whileBusy: true,
    run(context, args) {
      const name = args.trim();
      if (name === '') {
        context.say(`Model: ${context.model()}`);
        return;
      }

      context.setModel(name);
      context.say(`Model set to ${name} for the next requests of this session.`);
    },
  },
  {name: 'mcp', description: 'MCP servers and their state', whileBusy: true, run: notBuilt('/mcp (MCP servers)')},
  {
    name: 'status',
    description: 'model, endpoint, tokens, last turn',
    whileBusy: true,
    run(context) {
      for (const line of context.statusLines()) {
        context.say(line);
      }
    },
  },
  {
    name: 'exit',
    description: 'leave alex',
    whileBusy: true,
    run(context) {
      context.exit();
    },
  },
];

/** Commands whose name starts with what is typed after the slash, in table order. */
export function matchingCommands(input: string, commands = slashCommands): SlashCommand[] {
  if (!input.startsWith('/') || /\s/.test(input)) {
    return [];
  }

  const prefix = input.slice(1).toLowerCase();
  return commands.filter(command => command.name.startsWith(prefix));
}

export type ParsedCommand = {command: SlashCommand; args: string} | {error: string};

/** The command a line names: its exact name, or a prefix only one command has. */
export function parseCommand(line: string, commands = slashCommands): ParsedCommand {
  const [word = '', ...rest] = line.trim().slice(1).split(/\s+/);
  const name = word.toLowerCase();
  const exact = commands.find(command => command.name === name);
  const candidates = exact ? [exact] : commands.filter(command => command.name.startsWith(name));
  if (candidates.length === 1 && name !== '') {
    return {command: candidates[0]!, args: rest.join(' ')};
  }

  const hint = candidates.length > 1 ? `: it could be ${candidates.map(command => `/${command.name}`).join(', ')}` : '; /help lists the commands';
  return {error: `Unknown command /${word}${hint}.`};
}
