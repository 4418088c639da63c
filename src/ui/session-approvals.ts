// "a" in the approval dialog: yes for the rest of this session. For most tools that covers the
// tool; for bash only commands that start with the same program and subcommand ("npm test",
// "git status"), and never a chained command; edits and reads outside the workspace always ask.
import type {ApprovalRequest} from '../agent/approval.js';
import {isSimpleCommand} from '../tools/permissions.js';
import {isWithin} from '../tools/workspace.js';

/** The program and its first argument unless that is an option: "git commit -m x" → "git commit". */
export function commandPrefix(command: string): string {
  const words = command.trim().split(/\s+/);
  const [program = '', second] = words;
  return second === undefined || second.startsWith('-') ? program : `${program} ${second}`;
}

function startsWithPrefix(command: string, prefix: string): boolean {
  const normalized = command.trim().replace(/\s+/g, ' ');
  return normalized === prefix || normalized.startsWith(`${prefix} `);
}

/** What the user allowed for the rest of the session. */
export class SessionApprovals {
  private readonly tools = new Set<string>();
  private readonly commandPrefixes = new Set<string>();
  private readonly workspace: string;

  constructor(workspace: string) {
    this.workspace = workspace;
  }

  /** Remembers "yes for the rest of this session" for what the request covers; returns what that is, for people. */
  remember(request: ApprovalRequest): string {
    if (request.access.kind === 'exec') {
      const prefix = commandPrefix(request.access.command);
      this.commandPrefixes.add(prefix);
      return `${request.call.name} commands starting with "${prefix}"`;
    }

    this.tools.add(request.call.name);
    return `${request.call.name} in the workspace`;
  }

  allows(request: ApprovalRequest): boolean {
    const {access} = request;
    if (access.kind === 'exec') {
      return isSimpleCommand(access.command) && [...this.commandPrefixes].some(prefix => startsWithPrefix(access.command, prefix));
    }

    if ((access.kind === 'edit' || access.kind === 'read') && access.paths.some(file => !isWithin(this.workspace, file))) {
      return false;
    }

    return this.tools.has(request.call.name);
  }
}
