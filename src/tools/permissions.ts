import path from 'node:path';
import type {ApprovalMode, Permissions} from '../config/index.js';
import {guardedAmong} from './guarded-files.js';
import {isReadOnlyCommand} from './read-only-commands.js';
import {analyzeCommand} from './shell-command.js';
import {urlRuleMatches} from './url-rules.js';
import type {ToolAccess} from './types.js';
import {isWithin} from './workspace.js';

/** `rule` is the allow rule that allowed the call, when one did (rather than the mode). */
/** `guarded` marks an ask about a file that controls alex, git or the shell: no "yes for this session" covers it. */
export type Decision = {outcome: 'allow'; rule?: string} | {outcome: 'ask'; reason: string; guarded?: true} | {outcome: 'deny'; reason: string};

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

function commandMatches(pattern: string, command: string): boolean {
  const normalized = command.trim().replace(/\s+/g, ' ');
  if (pattern.endsWith(':*')) {
    const prefix = pattern.slice(0, -2).trim();
    return normalized === prefix || normalized.startsWith(`${prefix} `);
  }

  return normalized === pattern.trim();
}

/** An allow rule must cover every path of the call; a deny rule any one of them. */
async function pathMatches(pattern: string, paths: string[], workspace: string, forDeny: boolean): Promise<boolean> {
  const {default: picomatch} = await import('picomatch');
  const isMatch = picomatch(pattern, {dot: true});
  const matches = (file: string) => isMatch(isWithin(workspace, file) ? path.relative(workspace, file) : file);
  return forDeny ? paths.some(matches) : paths.every(matches);
}

async function ruleMatches(rule: Rule, toolName: string, access: ToolAccess, workspace: string, forDeny: boolean): Promise<boolean> {
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
        return [access.command, ...analysis.parts].some(part => commandMatches(rule.pattern!, part));
      }

      return analysis.simple !== undefined && commandMatches(rule.pattern, analysis.simple.join(' '));
    }

    case 'read':
    case 'edit': {
      return pathMatches(rule.pattern, access.paths, workspace, forDeny);
    }

    case 'network': {
      return urlRuleMatches(rule.pattern, access.url, forDeny);
    }

    case 'none': {
      return false;
    }
  }
}

async function firstMatch(rules: string[], toolName: string, access: ToolAccess, workspace: string, forDeny: boolean): Promise<string | undefined> {
  for (const text of rules) {
    const rule = parseRule(text);
    if (rule && (await ruleMatches(rule, toolName, access, workspace, forDeny))) {
      return text;
    }
  }

  return undefined;
}

function modeDecision(toolName: string, access: ToolAccess, options: PolicyOptions): Decision {
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
      const {simple} = analyzeCommand(access.command);
      return simple && isReadOnlyCommand(simple, options.workspace) ? {outcome: 'allow'} : {outcome: 'ask', reason: 'runs a shell command'};
    }

    case 'network': {
      return {outcome: 'ask', reason: `fetches ${access.url}`};
    }
  }

  return {outcome: 'ask', reason: `calls ${toolName}`};
}

/**
 * Decides whether a tool call runs, needs asking, or is refused: deny rules, allow rules, then the
 * mode. `external` marks MCP tools, which ask under ask and auto-edit; `changed` an MCP tool whose
 * description or schema changed since it was approved, which asks in every mode but yolo, even
 * when an allow rule matches it.
 */
export async function decide(toolName: string, access: ToolAccess, options: PolicyOptions, external = false, changed = false): Promise<Decision> {
  const denied = await firstMatch(options.permissions.deny, toolName, access, options.workspace, true);
  if (denied) {
    return {outcome: 'deny', reason: `the permission rule "${denied}" denies it`};
  }

  if (changed && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: 'changed its description or schema since it was approved'};
  }

  const guarded = access.kind === 'edit' ? await guardedAmong(access.paths, options) : [];
  if (guarded.length > 0 && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: `writes ${guarded.join(', ')}, which controls alex, git or your shell`, guarded: true};
  }

  const allowed = await firstMatch(options.permissions.allow, toolName, access, options.workspace, false);
  if (allowed) {
    return {outcome: 'allow', rule: allowed};
  }

  if (external && options.mode !== 'yolo') {
    return {outcome: 'ask', reason: `calls the MCP tool ${toolName}`};
  }

  return modeDecision(toolName, access, options);
}
