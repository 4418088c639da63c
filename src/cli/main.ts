import {Command, CommanderError, Option} from 'commander';
import {AlexError, errorMessage, exitCodes, UsageError} from '../errors.js';
import {redactSecrets} from '../redact.js';
import {inertText} from '../terminal-text.js';
import {addConfigCommand} from './config-command.js';
import {addMcpCommand} from './mcp-command.js';
import {outputFormats, type OutputFormat} from './output.js';
import {addSessionsCommand} from './sessions-command.js';

declare const ALEX_VERSION: string;

type MainFlags = {
  print?: string | true;
  continue?: boolean;
  resume?: string;
  model?: string;
  provider?: string;
  baseUrl?: string;
  outputFormat: OutputFormat;
  maxTurns?: string;
  approval?: string;
  yolo?: boolean;
  debug?: boolean;
};

async function runMain(words: string[], flags: MainFlags): Promise<number> {
  if (flags.continue && flags.resume !== undefined) {
    throw new UsageError('Give either -c/--continue or -r/--resume <id>, not both.');
  }

  let prompt = [typeof flags.print === 'string' ? flags.print : '', ...words].filter(Boolean).join(' ');
  const interactive = prompt === '' && flags.print === undefined && process.stdin.isTTY && process.stdout.isTTY;
  // The TUI chunk is the largest; its loading overlaps with reading the settings.
  const tui = interactive ? import('../ui/index.js') : undefined;
  // Handled where it is awaited; this only keeps a failed load from counting as unhandled meanwhile.
  tui?.catch(() => undefined);
  const {resolveConfig} = await import('../config/index.js');
  const config = resolveConfig(flags);
  if (config.debug) {
    const {enableLog} = await import('../log.js');
    process.stderr.write(`alex: debug log at ${enableLog(config.dataDir)}\n`);
  }

  // A bad id is said first: before the TUI draws, and before stdin is read for a prompt.
  const session = {continue: flags.continue, resume: await resolveResume(config.dataDir, flags.resume)};
  if (tui) {
    const {runTui} = await tui;
    return runTui({config, session});
  }

  if (prompt === '') {
    if (process.stdin.isTTY) {
      throw new UsageError('No prompt: give one as an argument (alex "fix the test") or on stdin (echo "fix the test" | alex).');
    }

    const {readStdin} = await import('./stdin.js');
    prompt = await readStdin();
  }

  if (prompt.trim() === '') {
    throw new UsageError('The prompt is empty: give one as an argument or on stdin.');
  }

  const {runHeadless} = await import('./headless.js');
  return runHeadless({config, prompt, format: flags.outputFormat, session});
}

/** The full id of the session `-r` names; a usage error when it is not an id or names no session. */
async function resolveResume(dataDir: string, prefix: string | undefined): Promise<string | undefined> {
  if (prefix === undefined) {
    return undefined;
  }

  const {resolveSessionId} = await import('../session/index.js');

  return resolveSessionId(dataDir, prefix);
}

/** Commander's "error: …" message, and its "(Did you mean …?)" line, as one line in alex's own form. */
function usageErrorLine(text: string): string {
  const message = text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ');
  return `alex: ${message} (run alex --help for usage)\n`;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('alex')
    .description('A terminal coding agent: alex reads, searches, edits and runs code in this repository.')
    .version(ALEX_VERSION, '-v, --version')
    .argument('[prompt...]', 'run this prompt headless and print the answer')
    .option('-p, --print [prompt]', 'headless even on a terminal; the prompt comes from stdin when not given')
    .option('-c, --continue', 'continue the latest session of this directory')
    .option('-r, --resume <id>', 'resume a session by id or unique id prefix')
    .option('-m, --model <name>', 'model name')
    .addOption(new Option('--provider <name>', 'model API').choices(['openai', 'anthropic']))
    .option('--base-url <url>', 'endpoint base URL, e.g. http://127.0.0.1:8080/v1')
    .addOption(new Option('--output-format <format>', 'headless output').choices(outputFormats).default('text'))
    .option('--max-turns <n>', 'model round trips before the run stops')
    .addOption(new Option('--approval <mode>', 'what needs asking').choices(['ask', 'auto-edit', 'yolo']))
    .option('--yolo', 'approve everything (same as --approval yolo); deny rules still apply')
    .option('--debug', 'write a debug log under the data folder')
    // Subcommands made with .command() inherit this. Commander's errors quote the bad argument,
    // which may hold escape sequences.
    .configureOutput({outputError: (text, write) => write(usageErrorLine(inertText(text)))})
    .exitOverride()
    .action(async (words: string[], flags: MainFlags) => setExit(await runMain(words, flags)));

  addSessionsCommand(program, async (id, words) => setExit(await runMain(words, {...program.opts<MainFlags>(), resume: id, continue: false})));

  addMcpCommand(program, setExit);
  addConfigCommand(program);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) {
      sub.exitOverride();
    }
  }

  return program;
}

/** Parses the command line, runs it and returns the exit status; never throws. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const program = buildProgram(code => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }

    if (error instanceof AlexError) {
      process.stderr.write(`alex: ${inertText(redactSecrets(error.message))}\n`);
      return error.exitCode;
    }

    process.stderr.write(`alex: internal error: ${inertText(redactSecrets(errorMessage(error)))}\n`);
    return exitCodes.failed;
  }

  return exitCode;
}
