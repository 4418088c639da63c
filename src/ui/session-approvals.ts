// "a" in the approval dialog: yes for the rest of this session. For most tools that covers the
// tool; for bash only plain commands with the same program and subcommand ("npm test", "git
// status"), as the shell parser proves them; never a chained or otherwise compound command, a
// path outside the workspace, a file that controls alex, git or the shell, or an MCP tool that
// changed since it was approved.
import type {ApprovalRequest} from '../agent/approval.js';
import {analyzeCommand, commandPrefix} from '../tools/shell-command.js';
import {isWithin} from '../tools/workspace.js';

/** The prefix "yes for this session" would allow for a command, or undefined when it is not one plain command. */
export function sessionPrefix(command: string): string | undefined {
  const argv = analyzeCommand(command).simple;
  return argv ? commandPrefix(argv) : undefined;
}

function startsWith(argv: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= argv.length && prefix.every((word, index) => argv[index] === word);
}

/** What the user allowed for the rest of the session. */
export class SessionApprovals {
  private readonly tools = new Set<string>();
  private readonly commandPrefixes: string[][] = [];
  private readonly workspace: string;

  constructor(workspace: string) {
    this.workspace = workspace;
  }

  /** What "yes for this session" would cover for the request, for the dialog; undefined when it can cover only the request itself. */
  scope(request: ApprovalRequest): string | undefined {
    if (!this.canRemember(request)) {
      return undefined;
    }

    return request.access.kind === 'exec' ? `"${sessionPrefix(request.access.command)!} …" commands` : request.call.name;
  }

  /** Whether "yes for this session" can cover the request at all. */
  canRemember(request: ApprovalRequest): boolean {
    if (request.change || request.guarded) {
      return false;
    }

    if (request.access.kind === 'exec') {
      return sessionPrefix(request.access.command) !== undefined;
    }

    return !this.outside(request);
  }

  /**
   * Remembers "yes for the rest of this session" for what the request covers; returns what that
   * is, for people, or undefined when the request allows only itself (see `canRemember`).
   */
  remember(request: ApprovalRequest): string | undefined {
    if (!this.canRemember(request)) {
      return undefined;
    }

    if (request.access.kind === 'exec') {
      const prefix = sessionPrefix(request.access.command)!;
      this.commandPrefixes.push(prefix.split(' '));
      return `${request.call.name} commands starting with "${prefix}"`;
    }

    this.tools.add(request.call.name);
    return `${request.call.name} in the workspace`;
  }

  allows(request: ApprovalRequest): boolean {
    if (request.change || request.guarded) {
      return false;
    }

    const {access} = request;
    if (access.kind === 'exec') {
      const argv = analyzeCommand(access.command).simple;
      return argv !== undefined && this.commandPrefixes.some(prefix => startsWith(argv, prefix));
    }

    return !this.outside(request) && this.tools.has(request.call.name);
  }

  private outside(request: ApprovalRequest): boolean {
    const {access} = request;
    return (access.kind === 'edit' || access.kind === 'read') && access.paths.some(file => !isWithin(this.workspace, file));
  }
}
