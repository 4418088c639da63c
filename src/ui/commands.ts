// Slash commands of the TUI, as one table: /help and the completion list read it.
import type {ConversationStart, TuiBackend} from './conversation-agent.js';
import type {NoticeTone} from './transcript.js';

/** What a command can do to the running TUI. */
export type CommandContext = {
  /** Adds one line to the transcript. */
  say(text: string, tone?: NoticeTone): void;
  /** Shows another conversation (a new or a resumed session) with its own agent. */
  startConversation(start: ConversationStart): Promise<void>;
  /** Sessions, compaction, MCP. */
  backend: TuiBackend;
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

function sayAll(context: CommandContext, lines: string[]): void {
  for (const line of lines) {
    context.say(line);
  }
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
      await context.startConversation(context.backend.newSession());
    },
  },
  {
    name: 'compact',
    args: '[focus]',
    description: 'summarize the conversation now, in the background',
    whileBusy: true,
    async run(context, args) {
      context.say('Compacting in the background; go on typing.');
      context.say(await context.backend.compact(args.trim() || undefined));
    },
  },
  {
    name: 'sessions',
    description: 'list the sessions of this folder',
    whileBusy: true,
    run(context) {
      sayAll(context, context.backend.sessionLines());
    },
  },
  {
    name: 'resume',
    args: '<id>',
    description: 'continue an earlier session',
    async run(context, args) {
      const id = args.trim();
      if (id === '') {
        sayAll(context, context.backend.sessionLines());
        return;
      }

      const start = context.backend.resume(id);
      if (start) {
        await context.startConversation(start);
      }
    },
  },
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
  {
    name: 'mcp',
    args: '[trust|restart <name>]',
    description: 'MCP servers and their state; trust this folder\'s servers',
    whileBusy: true,
    run(context, args) {
      sayAll(context, context.backend.mcp(args));
    },
  },
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
