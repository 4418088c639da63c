import path from 'node:path';
import type {ApprovalMode, Permissions} from '../config/index.js';
import {pathWords, wordPath} from './command-paths.js';
import {guardedAmong, guardedPlaces, isGuarded, type GuardedPlaces} from './guarded-files.js';
import {isReadOnlyCommand} from './read-only-commands.js';
import {gitRepositoryProblem, hardenedGit} from './read-only-git.js';
import {analyzeCommand, type CommandAnalysis} from './shell-command.js';
import {urlRuleMatches} from './url-rules.js';
import type {ToolAccess} from './types.js';
import {isWithin} from './workspace.js';

/** How an allowed call must run: input fields to replace and environment variables to add. */
export type Hardening = {input: Record<string, unknown>; env: Record<string, string>};

/** `rule` is the allow rule that allowed the call, when one did (rather than the mode). */
/** `harden` is set when the call must run changed: a read-only git command runs with the repository's hooks and drivers off. */
/** `guarded` marks an ask about a file that controls alex, git or the shell: no "yes for this session" covers it. */
export type Decision = {outcome: 'allow'; rule?: string; harden?: Hardening} | {outcome: 'ask'; reason: string; guarded?: true} | {outcome: 'deny'; reason: string};

export type PolicyOptions = {
  mode: ApprovalMode;
  permissions: Permissions;
  workspace: string;
  /** alex's data folder; writes there always ask. */
  dataDir?: string;
  /** The user's home folder, for the rc files and ~/.ssh that writes always ask for. Default HOME. */
  home?: string;
};

type Rule = {tool: string; pattern: string | undefined; text: string};

function parseRule(text: string): Rule | undefined {
  const match = /^\s*([\w*.-]+)\s*(?:\((.*)\))?\s*$/s.exec(text);
  return match ? {tool: match[1]!, pattern: match[2], text} : undefined;
}

function toolMatches(ruleTool: string, toolName: string): boolean {
  return ruleTool.endsWith('*') ? toolName.startsWith(ruleTool.slice(0, -1)) : ruleTool === toolName;
}

/**
 * File rules name an access kind, not one tool: read_file, grep, glob and list_files rules cover
 * all four, write_file and edit_file rules cover both, so a deny on `read_file(secrets/**)` also
 * stops `grep` there, and one on `edit_file(…)` also stops `write_file`.
 */
const fileRuleKinds: Record<string, 'read' | 'edit'> = {read_file: 'read', grep: 'read', glob: 'read', list_files: 'read', write_file: 'edit', edit_file: 'edit'};

function ruleCoversTool(ruleTool: string, toolName: string): boolean {
  const kind = fileRuleKinds[ruleTool];
  return kind !== undefined && fileRuleKinds[toolName] !== undefined ? kind === fileRuleKinds[toolName] : toolMatches(ruleTool, toolName);
}

/** Deny rules match a program by its base name, so `/usr/bin/rm` is `rm`; allow rules match it as written. */
function withBaseProgram(command: string): string {
  const [program = '', ...rest] = command.split(' ');
  return [path.basename(program), ...rest].join(' ');
}

function commandMatches(pattern: string, command: string, forDeny: boolean): boolean {
  const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');
  const normalize = (text: string) => (forDeny ? withBaseProgram(collapse(text)) : collapse(text));
  const normalized = normalize(command);
  if (pattern.endsWith(':*')) {
    const prefix = normalize(pattern.slice(0, -2));
    return normalized === prefix || normalized.startsWith(`${prefix} `);
  }

  return normalized === normalize(pattern);
}

/** Compiled path patterns: a search checks each file it finds, against the same few rules. */
const pathMatchers = new Map<string, (file: string) => boolean>();

async function pathMatcher(pattern: string): Promise<(file: string) => boolean> {
  let matcher = pathMatchers.get(pattern);
  if (!matcher) {
    const {default: picomatch} = await import('picomatch');
    matcher = picomatch(pattern, {dot: true});
    pathMatchers.set(pattern, matcher);
  }

  return matcher;
}

/** An allow rule must cover every path of the call; a deny rule any one of them. */
async function pathMatches(pattern: string, paths: string[], workspace: string, forDeny: boolean): Promise<boolean> {
  const isMatch = await pathMatcher(pattern);
  const matches = (file: string) => isMatch(rulePath(workspace, file));
  return forDeny ? paths.some(matches) : paths.every(matches);
}

/** A path as file rules see it: relative to the workspace inside it, absolute outside. */
function rulePath(workspace: string, file: string): string {
  return isWithin(workspace, file) ? path.relative(workspace, file) : file;
}

/**
 * The files among `files` (resolved paths) that a deny rule keeps `toolName` from reading. A
 * search is approved as a read of its folder; what it finds below that folder is checked here,
 * against the path patterns of the deny rules that cover the tool, each compiled once.
 */
export async function deniedReads(toolName: string, files: readonly string[], options: PolicyOptions): Promise<Set<string>> {
  const patterns = options.permissions.deny.map(parseRule).filter(rule => rule?.pattern !== undefined && ruleCoversTool(rule.tool, toolName)).map(rule => rule!.pattern!);
  if (patterns.length === 0) {
    return new Set();
  }

  const matchers = await Promise.all(patterns.map(pathMatcher));
  return new Set(files.filter(file => matchers.some(isMatch => isMatch(rulePath(options.workspace, file)))));
}

/** Whether the files a command reads through `<` are inside the workspace and not guarded, as read-only commands need. */
function readsAllowed(analysis: CommandAnalysis, options: PolicyOptions, places: GuardedPlaces): boolean {
  return analysis.reads.every(word => {
    const file = wordPath(options.workspace, word);
    return file !== undefined && isWithin(options.workspace, file) && !isGuarded(file, places);
  });
}

async function ruleMatches(rule: Rule, toolName: string, access: ToolAccess, options: PolicyOptions, forDeny: boolean): Promise<boolean> {
  if (!ruleCoversTool(rule.tool, toolName)) {
    return false;
  }

  if (rule.pattern === undefined) {
    return true;
  }

  switch (access.kind) {
    case 'exec': {
      const analysis = analyzeCommand(access.command);
      if (forDeny) {
        return [access.command, ...analysis.parts].some(part => commandMatches(rule.pattern!, part, true));
      }

      return analysis.simple !== undefined && readsAllowed(analysis, options, await guardedPlaces(options)) && commandMatches(rule.pattern, analysis.simple.join(' '), false);
    }

    case 'read':
    case 'edit': {
      return pathMatches(rule.pattern, access.paths, options.workspace, forDeny);
    }

    case 'network': {
      return urlRuleMatches(rule.pattern, access.url, forDeny);
    }

    case 'none': {
      return false;
    }
  }
}

/**
 * Deny rules fail closed: when one could apply to a shell command and part of what the command
 * runs cannot be seen (a shell reading a script or its input, `git -c`, a git alias, a program
 * name computed at run time), the command is refused, in every mode, with the reason.
 */
function uncheckable(toolName: string, access: ToolAccess, options: PolicyOptions): string | undefined {
  const rule = access.kind === 'exec' ? options.permissions.deny.map(text => parseRule(text)).find(parsed => parsed?.pattern !== undefined && toolMatches(parsed.tool, toolName)) : undefined;
  const unchecked = rule && access.kind === 'exec' ? analyzeCommand(access.command).unchecked : [];
  if (!rule || unchecked.length === 0) {
    return undefined;
  }

  return `the permission rule "${rule.text}" applies to ${toolName} and alex cannot check everything this command runs: ${unchecked[0]}. Run the commands it contains directly instead`;
}

async function firstMatch(rules: string[], toolName: string, access: ToolAccess, options: PolicyOptions, forDeny: boolean): Promise<string | undefined> {
  for (const text of rules) {
    const rule = parseRule(text);
    if (rule && (await ruleMatches(rule, toolName, access, options, forDeny))) {
      return text;
    }
  }

  return undefined;
}

async function modeDecision(toolName: string, access: ToolAccess, options: PolicyOptions): Promise<Decision> {
  if (options.mode === 'yolo') {
    return {outcome: 'allow'};
  }

  const outside = 'paths' in access ? access.paths.filter(file => !isWithin(options.workspace, file)) : [];
  switch (access.kind) {
    case 'none': {
      return {outcome: 'allow'};
    }

    case 'read': {
      return outside.length === 0 ? {outcome: 'allow'} : {outcome: 'ask', reason: `reads ${outside.join(', ')}, outside the workspace`};
    }

    case 'edit': {
      if (outside.length > 0) {
        return {outcome: 'ask', reason: `writes ${outside.join(', ')}, outside the workspace`};
      }

      return options.mode === 'auto-edit' ? {outcome: 'allow'} : {outcome: 'ask', reason: `edits ${access.paths.map(file => path.relative(options.workspace, file)).join(', ')}`};
    }

    case 'exec': {
      return execDecision(access.command, options);
    }

    case 'network': {
      return {outcome: 'ask', reason: `fetches ${access.url}`};
    }
  }

  return {outcome: 'ask', reason: `calls ${toolName}`};
}

/** The guarded files a plain command names in its words or `<` reads, for an ask that no "yes for this session" may cover. */
function guardedWords(analysis: CommandAnalysis, options: PolicyOptions, places: GuardedPlaces): string[] {
  const words = analysis.simple ? [...pathWords(analysis.simple.slice(1)), ...analysis.reads] : [];
  const files = words.map(word => wordPath(options.workspace, word, options.home ?? process.env.HOME)).filter(file => file !== undefined);
  return [...new Set(files.filter(file => isGuarded(file, places)))];
}

function askToRun(analysis: CommandAnalysis, options: PolicyOptions, places: GuardedPlaces): Decision {
  const guarded = guardedWords(analysis, options, places);
  if (guarded.length === 0) {
    return {outcome: 'ask', reason: 'runs a shell command'};
  }

  return {outcome: 'ask', reason: `runs a shell command that names ${guarded.join(', ')}, which controls alex, git or your shell`, guarded: true};
}

/** The hardening for a read-only git command, whatever allowed it; undefined for anything else. */
function gitHardening(analysis: CommandAnalysis, options: PolicyOptions): Hardening | undefined {
  const argv = analysis.simple;
  if (argv?.[0] !== 'git' || !isReadOnlyCommand(argv, options.workspace)) {
    return undefined;
  }

  const {command, env} = hardenedGit(argv);
  return {input: {command}, env};
}

/** Shell commands run without asking only when they provably only read inside the workspace; git also needs a repository that runs nothing of its own. */
async function execDecision(command: string, options: PolicyOptions): Promise<Decision> {
  const analysis = analyzeCommand(command);
  const places = await guardedPlaces(options);
  const readOnly = analysis.simple !== undefined && isReadOnlyCommand(analysis.simple, options.workspace) && readsAllowed(analysis, options, places);
  if (!readOnly) {
    return askToRun(analysis, options, places);
  }

  return gitAllowed(analysis, options, {outcome: 'allow'});
}

/**
 * Allows a call, and a read-only git command hardened; asks instead when git would run in a
 * repository that can run something of its own (filter drivers have no switch), also when a rule
 * allowed it: a rule for `git diff:*` is no consent to the repository's programs.
 */
async function gitAllowed(analysis: CommandAnalysis, options: PolicyOptions, allow: Decision & {outcome: 'allow'}): Promise<Decision> {
  const harden = gitHardening(analysis, options);
  const problem = analysis.simple?.[0] === 'git' ? await gitRepositoryProblem(options.workspace) : undefined;
  if (problem) {
    return {outcome: 'ask', reason: `runs git, but ${problem}`};
  }

  return harden ? {...allow, harden} : allow;
}

/**
 * Decides whether a tool call runs, needs asking, or is refused: deny rules, allow rules, then the
 * mode. `external` marks MCP tools, which ask under ask and auto-edit; `changed` an MCP tool whose
 * description or schema changed since it was approved, which asks in every mode but yolo, even
 * when an allow rule matches it.
 */
export async function decide(toolName: string, access: ToolAccess, options: PolicyOptions, external = false, changed = false): Promise<Decision> {
  const denied = await firstMatch(options.permissions.deny, toolName, access, options, true);
  if (denied) {
    return {outcome: 'deny', reason: `the permission rule "${denied}" denies it`};
  }

  const unseen = uncheckable(toolName, access, options);
  if (unseen) {
    return {outcome: 'deny', reason: unseen};
  }

  if (changed && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: 'changed its description or schema since it was approved'};
  }

  const guarded = access.kind === 'edit' ? await guardedAmong(access.paths, options) : [];
  if (guarded.length > 0 && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: `writes ${guarded.join(', ')}, which controls alex, git or your shell`, guarded: true};
  }

  const allowed = await firstMatch(options.permissions.allow, toolName, access, options, false);
  if (allowed) {
    const exec = access.kind === 'exec' && options.mode !== 'yolo';
    return exec ? gitAllowed(analyzeCommand(access.command), options, {outcome: 'allow', rule: allowed}) : {outcome: 'allow', rule: allowed};
  }

  if (external && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: `calls the MCP tool ${toolName}`};
  }

  return modeDecision(toolName, access, options);
}
