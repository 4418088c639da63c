/**
 * Options that make an otherwise harmless program run code, follow symlinks out of the
 * workspace, or read file names from a file. A command using one never runs without asking,
 * and no "yes for this session" covers it.
 */
type OptionRule = {
  /** Letters refused anywhere in a word of short options: `-Rn` holds R and n. */
  letters?: string;
  /** Long names refused, also abbreviated (GNU tools take `--derefer` for `--dereference-recursive`) and with `=value`. */
  long?: string[];
  /** Whole words refused, such as find's `-exec` or git's `-c`. */
  words?: string[];
};

const rules: Record<string, OptionRule> = {
  find: {words: ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls', '-L', '-follow', '-files0-from']},
  rg: {letters: 'zL', long: ['pre', 'pre-glob', 'search-zip', 'follow', 'hostname-bin', 'hyperlink-format']},
  grep: {letters: 'rRd', long: ['recursive', 'dereference-recursive', 'directories']},
  git: {words: ['-c', '-C'], long: ['config-env', 'exec-path', 'output', 'ext-diff', 'textconv', 'git-dir', 'work-tree', 'ignore-submodules', 'recurse-submodules', 'submodule', 'upload-pack', 'receive-pack', 'exec']},
  'git rebase': {letters: 'x'},
  'git difftool': {letters: 'x', long: ['extcmd']},
  'git grep': {letters: 'O', long: ['open-files-in-pager']},
  ls: {letters: 'L', long: ['dereference']},
  du: {letters: 'L', long: ['dereference', 'files0-from']},
  wc: {long: ['files0-from']},
  file: {letters: 'fC', long: ['files-from', 'compile']},
  sort: {long: ['compress-program', 'files0-from']},
  tar: {letters: 'IF', long: ['to-command', 'use-compress-program', 'checkpoint-action', 'info-script', 'new-volume-script', 'rsh-command']},
  zip: {letters: 'T', long: ['unzip-command']},
};

function breaksRule(arg: string, rule: OptionRule): boolean {
  if (rule.words?.includes(arg)) {
    return true;
  }

  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=', 1)[0]!;
    return name !== '' && (rule.long ?? []).some(long => long.startsWith(name));
  }

  const letters = rule.letters ?? '';
  return arg.startsWith('-') && [...arg.slice(1)].some(letter => letters.includes(letter));
}

/** The option of a command (argv) that makes it run code or read outside the workspace, if any. */
export function riskyOption(argv: string[]): string | undefined {
  const [program, ...args] = argv;
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  const subcommand = args.find(arg => !arg.startsWith('-'));
  const applying = [rules[program ?? ''], rules[`${program} ${subcommand}`]].filter(rule => rule !== undefined);

  return options.find(arg => arg.startsWith('-') && applying.some(rule => breaksRule(arg, rule)));
}
