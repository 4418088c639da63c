import path from 'node:path';
import {forEachChild, parse, type SyntaxNode} from 'unbash';
import {innerCommands, isWrapperOrShell, runsOtherCommands, type InnerCommands} from './wrapped-commands.js';

/**
 * What a command line is, as far as approval cares. Built on a real shell parser (unbash): a
 * command is "simple" only when the parser proves it is one plain command, so anything it
 * cannot prove (chaining, substitution, expansion, writing redirections, parse errors) asks.
 */
export type CommandAnalysis = {
  /** The argument vector when the line is exactly one plain command, else undefined. */
  simple: string[] | undefined;
  /** The files the simple command reads through `<` redirections, as written; empty when it is not simple. */
  reads: string[];
  /** The text of every command found anywhere in the line, nested and wrapped ones included, for deny rules. */
  parts: string[];
  /** Why some of what the line runs cannot be seen (a shell reading a script, `git -c`, a computed program name); deny rules refuse such a line. */
  unchecked: string[];
};

type Node = {type?: string; pos?: number; end?: number; [key: string]: unknown};

/** What deny rules collect while walking a line, and the shell code already looked into (`eval eval eval …` repeats it). */
type Found = Pick<CommandAnalysis, 'parts' | 'unchecked'> & {seen: Set<string>; depth: number};

/** A command as a reason quotes it: short enough to read. */
function quoted(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
}

/** Deepest nesting of shell code in shell code (`bash -c "eval '…'"`) looked into; deeper is unchecked. */
const maxDepth = 8;

function plainWordValue(word: Node): string | undefined {
  const parts = word.parts as Node[] | undefined;
  if (parts === undefined) {
    return word.value as string;
  }

  const plain = parts.every(part => part.type === 'Literal' || part.type === 'SingleQuoted' || (part.type === 'DoubleQuoted' && (part.parts as Node[]).every(child => child.type === 'Literal')));
  return plain ? (word.value as string) : undefined;
}

/**
 * What a redirection does. Only a `<` from a literal file name reads; `2>&1` and `<&3` only move
 * descriptors. Everything else (writing, here-documents, a target computed by a substitution,
 * as in `cat < $(curl …)`) makes the command not simple.
 */
function redirectKind(node: Node): 'read' | 'descriptor' | 'other' {
  const target = node.target as Node | undefined;
  if (node.type !== 'Redirect' || target === undefined || plainWordValue(target) === undefined) {
    return 'other';
  }

  const operator = String(node.operator);
  if (operator === '<') {
    return 'read';
  }

  const duplicates = (operator === '>&' || operator === '<&') && /^(?:\d+-?|-)$/.test(String(target.value));
  return duplicates ? 'descriptor' : 'other';
}

/** The argv and `<` reads of a Command node when every word is plain and nothing writes, else undefined. */
function plainCommand(command: Node): {argv: string[]; reads: string[]} | undefined {
  if ((command.prefix as Node[]).length > 0 || command.name === undefined) {
    return undefined;
  }

  const argv = [plainWordValue(command.name as Node)];
  const reads: string[] = [];
  for (const item of command.suffix as Node[]) {
    const kind = item.type === 'Word' ? 'word' : redirectKind(item);
    if (kind === 'other') {
      return undefined;
    }

    if (kind === 'word') {
      argv.push(plainWordValue(item));
    } else if (kind === 'read') {
      reads.push(String((item.target as Node).value));
    }
  }

  return argv.every(value => value !== undefined) ? {argv: argv as string[], reads} : undefined;
}

/** Every Command node, nested ones (substitutions, subshells, functions, redirection targets) included. */
function collectCommands(node: SyntaxNode, found: Node[]): void {
  if (node.type === 'Command') {
    found.push(node as unknown as Node);
  }

  forEachChild(node, child => collectCommands(child, found));
}

/** What deny rules see of one Command node: its text, its words with the program by base name, and what it runs in turn. */
function commandParts(node: Node, source: string, into: Found): void {
  const text = source.slice(node.pos, node.end);
  const name = node.name as Node | undefined;
  if (name === undefined) {
    return;
  }

  const program = plainWordValue(name);
  if (program === undefined) {
    into.unchecked.push(`${quoted(text)} runs a program whose name is computed when it runs`);
    return;
  }

  const words = (node.suffix as Node[]).filter(item => item.type === 'Word');
  const values = words.map(word => plainWordValue(word));
  const shown = values.map((value, index) => value ?? source.slice(words[index]!.pos, words[index]!.end));
  into.parts.push(text, [path.basename(program), ...shown].join(' '));
  if (values.some(value => value === undefined)) {
    if (runsOtherCommands(path.basename(program))) {
      into.unchecked.push(`${quoted(text)} runs a command built from arguments computed when it runs`);
    }

    return;
  }

  addInner(innerCommands([program, ...(values as string[])]), into);
}

/** The quoted or escaped text of a word: data as the shell sees it, though eval or arithmetic may run it later. */
function literalTexts(word: Node | undefined): string[] {
  if (word === undefined) {
    return [];
  }

  const parts = word.parts as Node[] | undefined;
  if (parts === undefined) {
    return typeof word.value === 'string' ? [word.value] : [];
  }

  return parts.flatMap(part => (['Literal', 'SingleQuoted', 'AnsiCQuoted'].includes(String(part.type)) ? [String(part.value)] : literalTexts(part.type === 'DoubleQuoted' ? part : undefined)));
}

/**
 * Shell code kept in a string (`x='a[$(rm f)]'`) runs when arithmetic, `${!x}` or a later eval
 * reads it, with nothing for a deny rule to see.
 */
function holdsCode(node: Node): boolean {
  const assigned = (node.prefix as Node[]).map(item => item.value as Node | undefined);
  const words = [node.name as Node | undefined, ...(node.suffix as Node[]).filter(item => item.type === 'Word'), ...assigned];
  return words.flatMap(word => literalTexts(word)).some(text => text.includes('$(') || text.includes('`'));
}

/** `BASH_ENV=file` (or `ENV`) makes every shell started later run that file first. */
function setsStartupFile(node: Node, source: string): boolean {
  const assignments = (node.prefix as Node[]).map(item => `${String(item.name)}=`);
  const words = (node.suffix as Node[]).filter(item => item.type === 'Word').map(word => source.slice(word.pos, word.end).replace(/^['"]/, ''));
  return [...assignments, ...words].some(word => /^(?:BASH_ENV|ENV)=/.test(word));
}

function addInner(inner: InnerCommands, into: Found): void {
  into.parts.push(...inner.commands.map(argv => argv.join(' ')));
  into.unchecked.push(...inner.unchecked);
  for (const script of inner.scripts) {
    if (into.seen.has(script)) {
      continue;
    }

    into.seen.add(script);
    if (into.depth >= maxDepth) {
      into.unchecked.push('it nests shell code too deeply to check');
      return;
    }

    walkLine(script, {...into, depth: into.depth + 1});
  }
}

/** The argv of the line when it is exactly one plain command that runs no other command. */
function simpleCommand(script: Node, command: string): {argv: string[]; reads: string[]} | undefined {
  const statements = script.commands as Node[];
  const errors = script.errors as unknown[] | undefined;
  const single = statements.length === 1 ? (statements[0]!.command as Node | undefined) : undefined;
  const covers = single?.type === 'Command' && command.slice(single.end).trim() === '' && command.slice(0, single.pos).trim() === '';
  if (errors?.length || /[\n\r]/.test(command) || !covers) {
    return undefined;
  }

  const plain = plainCommand(single!);
  return plain && !isWrapperOrShell(path.basename(plain.argv[0]!)) ? plain : undefined;
}

/** Collects the parts of every command in a line into `found`; returns the parsed line. */
function walkLine(command: string, found: Found): Node {
  const parsed = parse(command) as unknown as SyntaxNode;
  if ((parsed as unknown as Node & {errors?: unknown[]}).errors?.length) {
    found.unchecked.push('the shell parser could not read all of it');
  }

  const commands: Node[] = [];
  collectCommands(parsed, commands);
  for (const node of commands) {
    commandParts(node, command, found);
    if (setsStartupFile(node, command)) {
      found.unchecked.push('it sets BASH_ENV or ENV, a file every later shell runs first');
    }

    if (holdsCode(node)) {
      found.unchecked.push('it keeps shell code in a string, which arithmetic or eval may run later');
    }
  }

  return parsed as unknown as Node;
}

/** Parses a command line; never throws. */
export function analyzeCommand(command: string): CommandAnalysis {
  const found: Found = {parts: [], unchecked: [], seen: new Set(), depth: 0};
  try {
    const simple = simpleCommand(walkLine(command, found), command);
    const parts = found.parts.length > 0 ? found.parts : [command];
    return {simple: simple?.argv, reads: simple?.reads ?? [], parts, unchecked: found.unchecked};
  } catch {
    // unbash reads words lazily, so a line nested thousands deep can overflow the stack after parse() returned.
    return {simple: undefined, reads: [], parts: [command, ...found.parts], unchecked: ['the shell parser could not read it']};
  }
}
