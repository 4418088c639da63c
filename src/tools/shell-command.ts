import {forEachChild, parse, type SyntaxNode} from 'unbash';

/**
 * What a command line is, as far as approval cares. Built on a real shell parser (unbash): a
 * command is "simple" only when the parser proves it is one plain command, so anything it
 * cannot prove (chaining, substitution, expansion, writing redirections, parse errors) asks.
 */
export type CommandAnalysis = {
  /** The argument vector when the line is exactly one plain command, else undefined. */
  simple: string[] | undefined;
  /** The text of every command found anywhere in the line, nested ones included, for deny rules. */
  parts: string[];
};

type Node = {type?: string; pos?: number; end?: number; [key: string]: unknown};

/** Programs that run another command from their arguments: never simple, always looked inside. */
const wrappers = new Set(['env', 'exec', 'xargs', 'sudo', 'doas', 'nohup', 'timeout', 'nice', 'time', 'command', 'builtin', 'eval', 'source', '.', 'watch', 'strace', 'stdbuf', 'setsid', 'chroot', 'su', 'flock', 'parallel']);
const shells = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish']);

function plainWordValue(word: Node): string | undefined {
  const parts = word.parts as Node[] | undefined;
  if (parts === undefined) {
    return word.value as string;
  }

  const plain = parts.every(part => part.type === 'Literal' || part.type === 'SingleQuoted' || (part.type === 'DoubleQuoted' && (part.parts as Node[]).every(child => child.type === 'Literal')));
  return plain ? (word.value as string) : undefined;
}

function isWritingRedirect(node: Node): boolean {
  if (node.type === 'HereDoc') {
    return false;
  }

  const operator = String(node.operator);
  if (operator === '<') {
    return false;
  }

  // `2>&1` duplicates a descriptor and writes no file.
  return !(operator === '>&' && /^\d+$/.test(String((node.target as Node | undefined)?.value ?? '')));
}

/** The argv of a Command node when every word is plain and nothing writes, else undefined. */
function plainArgv(command: Node): string[] | undefined {
  if ((command.prefix as Node[]).length > 0 || command.name === undefined) {
    return undefined;
  }

  const argv = [plainWordValue(command.name as Node)];
  for (const item of command.suffix as Node[]) {
    if (item.type === 'Word') {
      argv.push(plainWordValue(item));
    } else if (item.type === 'HereDoc' || isWritingRedirect(item)) {
      return undefined;
    }
  }

  return argv.every(value => value !== undefined) ? (argv as string[]) : undefined;
}

/** Every Command node, nested ones (substitutions, subshells, functions) included. */
function collectCommands(node: SyntaxNode, found: Node[]): void {
  if (node.type === 'Command') {
    found.push(node as unknown as Node);
  }

  forEachChild(node, child => collectCommands(child, found));
}

/** Commands hidden behind a wrapper: `env X=1 rm x` → `rm x`, `bash -c "rm x"` → `rm x`. */
function unwrap(argv: string[]): string[] {
  const [program, ...rest] = argv;
  if (program === undefined) {
    return [];
  }

  if (shells.has(program)) {
    const flag = rest.findIndex(arg => /^-\w*c\w*$/.test(arg));
    return flag === -1 || rest[flag + 1] === undefined ? [] : analyzeCommand(rest[flag + 1]!).parts;
  }

  if (!wrappers.has(program)) {
    return [];
  }

  // The wrapped command starts at the first word that is not an option, assignment or duration.
  const start = rest.findIndex(arg => !arg.startsWith('-') && !/^\w+=/.test(arg) && !/^\d+(?:\.\d+)?[smhd]?$/.test(arg));
  const inner = start === -1 ? [] : rest.slice(start);
  return inner.length === 0 ? [] : [inner.join(' '), ...unwrap(inner)];
}

/** Parses a command line; never throws. */
export function analyzeCommand(command: string): CommandAnalysis {
  let parsed: SyntaxNode;
  try {
    parsed = parse(command) as unknown as SyntaxNode;
  } catch {
    return {simple: undefined, parts: [command]};
  }

  const script = parsed as unknown as Node;
  const commands: Node[] = [];
  collectCommands(parsed, commands);
  const parts: string[] = [];
  for (const node of commands) {
    const text = command.slice(node.pos, node.end);
    parts.push(text);
    const argv = plainArgv(node);
    if (argv) {
      parts.push(argv.join(' '), ...unwrap(argv));
    }
  }

  const statements = script.commands as Node[];
  const errors = script.errors as unknown[] | undefined;
  const single = statements.length === 1 && statements[0]!.command as Node | undefined;
  const covers = single && single.type === 'Command' && command.slice(single.end).trim() === '' && command.slice(0, single.pos).trim() === '';
  const clean = !errors?.length && !/[\n\r]/.test(command) && covers;
  const argv = clean ? plainArgv(single as Node) : undefined;
  const simple = argv && !wrappers.has(argv[0]!) && !shells.has(argv[0]!) ? argv : undefined;

  return {simple, parts: parts.length > 0 ? parts : [command]};
}

/** The prefix that "yes for this session" allows: the program and its subcommand, e.g. "git status". */
export function commandPrefix(argv: string[]): string {
  const [program, subcommand] = argv;
  return subcommand !== undefined && /^[a-z][\w-]*$/i.test(subcommand) ? `${program} ${subcommand}` : program ?? '';
}
