import {pathWords, staysInside} from './command-paths.js';
import {riskyOption} from './risky-options.js';

/**
 * Commands that only read, run without asking when every path they name is inside the
 * workspace. Programs that run code or reach the network (curl, wget, ping, dig, nslookup,
 * sed, awk, xargs, …) are deliberately absent, and the options in risky-options.ts that make
 * a listed program write, run code, follow symlinks or read archives through helpers are refused.
 */
const readOnlyPrograms = new Set(['ls', 'pwd', 'cat', 'head', 'tail', 'wc', 'grep', 'rg', 'find', 'git', 'which', 'file', 'stat', 'du', 'df', 'echo', 'date', 'uname', 'whoami', 'realpath', 'basename', 'dirname']);

export const readOnlyGitSubcommands = new Set(['status', 'diff', 'log', 'show', 'blame', 'ls-files', 'rev-parse']);

/** Git's global options a read-only git command may start with; any other (`-C`, `--git-dir`, `-c`, …) asks. */
const harmlessGitOptions = new Set(['--no-pager', '-P', '--no-optional-locks']);

/** Where the subcommand of a git argv is, when only harmless global options come before it; -1 otherwise. */
export function gitSubcommandIndex(argv: string[]): number {
  const index = argv.findIndex((arg, at) => at > 0 && !harmlessGitOptions.has(arg));
  return index !== -1 && !argv[index]!.startsWith('-') ? index : -1;
}

/** True when a simple command (argv) only reads, and only inside the workspace. */
export function isReadOnlyCommand(argv: string[], workspace: string): boolean {
  const [program, ...args] = argv;
  if (program === undefined || !readOnlyPrograms.has(program) || riskyOption(argv) !== undefined) {
    return false;
  }

  if (program === 'git' && !readOnlyGitSubcommands.has(argv[gitSubcommandIndex(argv)] ?? '')) {
    return false;
  }

  return pathWords(args).every(word => staysInside(workspace, word));
}
