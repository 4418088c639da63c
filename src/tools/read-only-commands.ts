import {realpathSync} from 'node:fs';
import path from 'node:path';
import {isWithin} from './workspace.js';

/**
 * Commands that only read, run without asking when every path they name is inside the
 * workspace. Programs that run code or reach the network (curl, wget, ping, dig, nslookup,
 * sed, awk, xargs, …) are deliberately absent, and the options below that make a listed
 * program write, run code or read archives through helpers are refused.
 */
const readOnlyPrograms = new Set(['ls', 'pwd', 'cat', 'head', 'tail', 'wc', 'grep', 'rg', 'find', 'git', 'which', 'file', 'stat', 'du', 'df', 'echo', 'date', 'uname', 'whoami', 'realpath', 'basename', 'dirname']);

const readOnlyGitSubcommands = new Set(['status', 'diff', 'log', 'show', 'blame', 'ls-files', 'rev-parse']);

const forbiddenOptions: Record<string, RegExp> = {
  find: /^-(?:exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/,
  rg: /^(?:--pre(?:-glob)?(?:=.*)?|-z|--search-zip)$/,
  git: /^(?:-c|--config-env(?:=.*)?|--exec-path(?:=.*)?|--output(?:=.*)?|--ext-diff|-C|--git-dir(?:=.*)?|--work-tree(?:=.*)?)$/,
  grep: /^(?:-r|-R|--recursive|--dereference-recursive)$/,
};

function pathInside(workspace: string, argument: string): boolean {
  const absolute = path.resolve(workspace, argument.startsWith('~') ? `/${argument}` : argument);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // A path that does not exist reads nothing.
  }

  return isWithin(workspace, real);
}

/** True when a simple command (argv) only reads, and only inside the workspace. */
export function isReadOnlyCommand(argv: string[], workspace: string): boolean {
  const [program, ...args] = argv;
  if (program === undefined || !readOnlyPrograms.has(program)) {
    return false;
  }

  const forbidden = forbiddenOptions[program];
  if (forbidden && args.some(arg => forbidden.test(arg))) {
    return false;
  }

  if (program === 'git') {
    const subcommand = args.find(arg => !arg.startsWith('-'));
    if (subcommand === undefined || !readOnlyGitSubcommands.has(subcommand)) {
      return false;
    }
  }

  return args.filter(arg => !arg.startsWith('-')).every(arg => pathInside(workspace, arg));
}
