import path from 'node:path';

/**
 * The commands a plain command runs on behalf of its arguments, for deny rules: `env -u X rm a`
 * runs `rm a`, `find . -exec rm {} ;` runs `rm {}`, `bash -c "rm a"` runs the shell code `rm a`.
 * What cannot be seen (a shell reading a script or stdin, `git -c`, a git alias) is reported as
 * unchecked, so that deny rules can refuse it instead of guessing.
 */
export type InnerCommands = {
  /** Argument vectors run directly, program by its base name. */
  commands: string[][];
  /** Shell code run through a shell, to be parsed again. */
  scripts: string[];
  /** Why part of what runs cannot be seen. */
  unchecked: string[];
};

/**
 * Programs that run the command given in their arguments. Their options are not parsed: every
 * tail of the arguments counts as a command, so an option value (`timeout -s KILL 5 rm a`,
 * `env -u X rm a`) can never hide where the command starts.
 */
const wrappers = new Set(['env', 'exec', 'xargs', 'sudo', 'doas', 'nohup', 'timeout', 'nice', 'time', 'command', 'builtin', 'strace', 'ltrace', 'stdbuf', 'setsid', 'chroot', 'su', 'runuser', 'flock', 'ionice', 'taskset', 'chrt', 'unshare', 'nsenter', 'fakeroot', 'busybox', 'toybox', 'script', 'numactl', 'cpulimit', 'valgrind', 'xvfb-run', 'dbus-run-session', 'firejail', 'proot', 'sg', 'catchsegv', 'systemd-run', 'watch', 'eval', 'trap', 'mapfile', 'readarray', 'compgen', 'complete', 'bind']);

/** Wrappers that take shell code among their arguments (`watch "a; b"`, `eval "a; b"`, `trap "a" EXIT`, `mapfile -C code`). */
const shellCodeWrappers = new Set(['watch', 'eval', 'trap', 'mapfile', 'readarray', 'compgen', 'complete', 'bind']);

/** Programs that run code alex cannot read from the command line, or make a name run another program. */
const opaquePrograms: Record<string, string> = {
  source: 'runs a shell script',
  '.': 'runs a shell script',
  parallel: 'runs commands built from its input',
  alias: 'defines an alias, which runs a program under another name',
  hash: 'can bind a command name to another program',
  enable: 'can load or switch off builtins',
};

const shells = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'csh', 'tcsh']);

/** Git subcommands that are built in (an alias cannot replace them), or common external ones. */
const gitCommands = new Set('add am annotate apply archive bisect blame branch bundle cat-file check-attr check-ignore check-mailmap check-ref-format checkout checkout-index cherry cherry-pick clean clone column commit commit-graph commit-tree config count-objects describe diff diff-files diff-index diff-tree difftool fetch fetch-pack for-each-ref format-patch fsck gc grep hash-object help init interpret-trailers lfs log ls-files ls-remote ls-tree maintenance merge merge-base merge-file merge-tree mergetool mktag mktree mv name-rev notes pack-objects prune pull push range-diff read-tree rebase reflog remote repack replace request-pull reset restore rev-list rev-parse revert rm shortlog show show-branch show-ref sparse-checkout stash status stripspace submodule switch symbolic-ref tag update-index update-ref var verify-commit verify-tag version whatchanged worktree write-tree'.split(' '));

/** Git's global options that take the next word as their value. */
const gitValueOptions = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env']);

/** Whether a program runs other commands from its arguments, so that computed arguments hide what runs. */
export function runsOtherCommands(program: string): boolean {
  return wrappers.has(program) || shells.has(program) || program in opaquePrograms || program === 'find' || program === 'git';
}

/** Whether a program is a shell or wrapper, which no rule or session approval may approve as a plain command. */
export function isWrapperOrShell(program: string): boolean {
  return wrappers.has(program) || shells.has(program) || program in opaquePrograms;
}

function empty(): InnerCommands {
  return {commands: [], scripts: [], unchecked: []};
}

function merge(into: InnerCommands, from: InnerCommands): void {
  into.commands.push(...from.commands);
  into.scripts.push(...from.scripts);
  into.unchecked.push(...from.unchecked);
}

/** `bash -c CODE`: every word after the `-c` flag may be the code (options may sit between). */
function shellCode(args: string[]): InnerCommands {
  const inner = empty();
  const flag = args.findIndex(arg => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg) || arg === '--command');
  const codes = args.slice(flag + 1);
  if (flag === -1 || codes.length === 0) {
    inner.unchecked.push('it runs a shell that reads commands from a script or from its input');
    return inner;
  }

  // find and xargs put file names or input lines where `{}` stands.
  if (codes.some(code => code.includes('{}'))) {
    inner.unchecked.push('it runs shell code built from file names or input lines');
  }

  inner.scripts.push(...codes);
  return inner;
}

/** The bodies of `find -exec … ;`, `-execdir`, `-ok` and `-okdir`. */
function findBodies(args: string[]): InnerCommands {
  const inner = empty();
  for (let index = 0; index < args.length; index++) {
    if (!/^-(?:exec|execdir|ok|okdir)$/.test(args[index]!)) {
      continue;
    }

    const end = args.findIndex((arg, at) => at > index && (arg === ';' || arg === '+'));
    const body = args.slice(index + 1, end === -1 ? undefined : end);
    if (body.length === 0 || body[0]!.includes('{}')) {
      inner.unchecked.push('find runs a program named by the files it finds');
    } else {
      merge(inner, runs(body));
    }
  }

  return inner;
}

/** The subcommand of `git [global options] subcommand …`, and what its global options allow. */
function gitSubcommand(args: string[]): {index: number; configured: boolean} {
  let configured = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('-')) {
      return {index, configured};
    }

    configured ||= arg === '-c' || arg.startsWith('--config-env');
    if (gitValueOptions.has(arg)) {
      index++;
    }
  }

  return {index: -1, configured};
}

/** The values of an option given as `-x VALUE`, `-xVALUE`, `--long VALUE` or `--long=VALUE`. */
function optionValues(args: string[], short: string, long: string): string[] {
  return args.flatMap((arg, index) => {
    if (arg === short || arg === long) {
      return [args[index + 1] ?? ''];
    }

    if (arg.startsWith(`${long}=`)) {
      return [arg.slice(long.length + 1)];
    }

    return arg.startsWith(short) && arg.length > short.length ? [arg.slice(short.length)] : [];
  });
}

/** Subcommands that take a command or shell code: `bisect run`, `rebase --exec`, `submodule foreach`, `difftool --extcmd`. */
function gitSubcommandCode(subcommand: string, rest: string[]): InnerCommands {
  const inner = empty();
  if (subcommand === 'bisect' && rest[0] === 'run') {
    merge(inner, runs(rest.slice(1)));
  } else if (subcommand === 'rebase') {
    inner.scripts.push(...optionValues(rest, '-x', '--exec'));
  } else if (subcommand === 'submodule' && rest.includes('foreach')) {
    inner.scripts.push(rest.slice(rest.indexOf('foreach') + 1).filter(arg => !arg.startsWith('-')).join(' '));
  } else if (subcommand === 'difftool') {
    inner.scripts.push(...optionValues(rest, '-x', '--extcmd'));
  } else if ((subcommand === 'grep' && rest.some(arg => /^(?:-O|--open-files-in-pager)/.test(arg))) || subcommand === 'filter-branch') {
    inner.unchecked.push(`git ${subcommand} runs programs given in its options`);
  }

  return inner;
}

function gitInner(args: string[]): InnerCommands {
  const inner = empty();
  const {index, configured} = gitSubcommand(args);
  if (configured) {
    inner.unchecked.push('git -c and --config-env can define aliases and programs that git runs');
  }

  const subcommand = args[index];
  if (subcommand === undefined) {
    return inner;
  }

  if (!gitCommands.has(subcommand)) {
    inner.unchecked.push(`"git ${subcommand}" may be an alias that runs a shell command`);
  }

  // `git -C dir push` is `git push` as far as a rule on "git push" is concerned.
  inner.commands.push(['git', ...args.slice(index)]);
  merge(inner, gitSubcommandCode(subcommand, args.slice(index + 1)));
  return inner;
}

/** What one command runs because of what it is: a shell, find, git, or a candidate tail of a wrapper. */
function ownInner(argv: string[]): InnerCommands {
  const [program, ...args] = argv;
  if (program === undefined) {
    return empty();
  }

  if (shells.has(program)) {
    return shellCode(args);
  }

  if (program in opaquePrograms) {
    return {...empty(), unchecked: [`${program} ${opaquePrograms[program]!}`]};
  }

  if (program === 'find') {
    return findBodies(args);
  }

  return program === 'git' ? gitInner(args) : empty();
}

function withBaseName(argv: string[]): string[] {
  const [program, ...args] = argv;
  return program === undefined ? [] : [path.basename(program), ...args];
}

/** A command that runs, and what it runs in turn. */
function runs(argv: string[]): InnerCommands {
  const inner = innerCommands(argv);
  inner.commands.unshift(withBaseName(argv));
  return inner;
}

/** Every tail of a wrapper's arguments, as a command, and as shell code when the wrapper joins them into code. */
function wrapperTails(command: string[]): InnerCommands {
  const inner = empty();
  for (let start = 1; start < command.length; start++) {
    const tail = withBaseName(command.slice(start));
    inner.commands.push(tail);
    merge(inner, ownInner(tail));
    if (command.slice(0, start).some(word => shellCodeWrappers.has(path.basename(word)))) {
      inner.scripts.push(tail.join(' '));
    }
  }

  // `su -c CODE`, `flock FILE -c CODE`, `sudo -s -c CODE`: shell code after a -c flag.
  const flag = command.findIndex(arg => arg === '-c' || arg === '--command');
  if (flag !== -1) {
    inner.scripts.push(...command.slice(flag + 1));
  }

  return inner;
}

/** Longest wrapper command looked into; each tail is a candidate, so the work grows with the square. */
const maxWrapperWords = 64;

/** What a plain command (argv, program by base name or path) runs on behalf of its arguments. */
export function innerCommands(argv: string[]): InnerCommands {
  const command = withBaseName(argv);
  const program = command[0];
  if (program === undefined || !wrappers.has(program)) {
    return ownInner(command);
  }

  if (command.length > maxWrapperWords) {
    return {...empty(), unchecked: [`${program} has too many arguments to check what it runs`]};
  }

  return wrapperTails(command);
}
