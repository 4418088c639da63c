// "a" in the approval dialog: yes for the rest of this session. For most tools that covers the
// tool; for web_fetch one origin (scheme, host and port); for bash plain commands with the same
// program, and the same subcommand for programs that have them ("npm test", "git status"), as
// the shell parser proves them. Never a chained or otherwise compound command, a network tool,
// an interpreter given code, an option that runs code (find -exec, rg --pre, git -c), a path
// outside the workspace, a URL, a file that controls alex, git or the shell, or an MCP tool
// that changed since it was approved.
import type {ApprovalRequest} from '../agent/approval.js';
import {pathWords, staysInside} from '../tools/command-paths.js';
import {riskyOption} from '../tools/risky-options.js';
import {analyzeCommand} from '../tools/shell-command.js';
import {isWithin} from '../tools/workspace.js';

/** Programs whose first argument is a subcommand; the session covers that subcommand only. */
const subcommandPrograms = new Set(['git', 'npm', 'pnpm', 'yarn', 'bun', 'npx', 'cargo', 'go', 'rustup', 'docker', 'podman', 'kubectl', 'helm', 'gh', 'pip', 'pip3', 'uv', 'poetry', 'pipenv', 'conda', 'brew', 'apt', 'apt-get', 'dnf', 'dotnet', 'mvn', 'gradle', 'make', 'just', 'composer', 'bundle', 'terraform', 'swift', 'mix', 'cabal', 'stack', 'nix', 'vitest']);

/** Package managers whose `run` takes a script name, which the prefix keeps too ("npm run build"). */
const scriptRunners = new Set(['npm', 'pnpm', 'yarn', 'bun']);

/** Programs a session never remembers: they reach the network, or run code given on their command line. */
const neverRemembered = new Set(['curl', 'wget', 'ssh', 'scp', 'sftp', 'rsync', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'tftp', 'ping', 'ping6', 'dig', 'nslookup', 'host', 'whois', 'traceroute', 'tracepath', 'mtr', 'http', 'https', 'xh', 'aria2c', 'lynx', 'links', 'w3m', 'openssl', 'aws', 'gcloud', 'gsutil', 'az', 'sed', 'awk', 'gawk', 'mawk', 'nawk', 'perl', 'python', 'python2', 'python3', 'node', 'deno', 'ruby', 'php', 'lua', 'luajit', 'R', 'Rscript', 'julia', 'osascript', 'pwsh', 'powershell', 'tclsh', 'expect']);

/** Subcommands never remembered: they run commands, containers or packages named in their arguments, or change git's configuration. */
const neverRememberedSubcommands = new Set(['git config', 'git submodule', 'git bisect', 'git filter-branch', 'npm exec', 'npm x', 'pnpm exec', 'pnpm dlx', 'yarn dlx', 'yarn exec', 'bun x', 'uv run', 'uv tool', 'poetry run', 'pipenv run', 'go run', 'docker run', 'docker exec', 'podman run', 'podman exec', 'kubectl exec', 'gh api']);

/** A word that names a remote place: `https://…`, `user@host:…`, `host.example:…`. */
const remoteWord = /^[a-z][\w+.-]*:\/\/|^[^\s/:]+@[^\s/:]+:|^[\w-]+(?:\.[\w-]+)+:/i;

/** The words "yes for this session" would remember for a plain command (argv), or undefined when it remembers nothing. */
export function commandPrefix(argv: string[]): string[] | undefined {
  const [program, subcommand, script] = argv;
  if (program === undefined || neverRemembered.has(program)) {
    return undefined;
  }

  if (!subcommandPrograms.has(program)) {
    return [program];
  }

  if (subcommand === undefined || !/^[a-z][a-z0-9-]*$/i.test(subcommand) || neverRememberedSubcommands.has(`${program} ${subcommand}`)) {
    return undefined;
  }

  if (scriptRunners.has(program) && subcommand === 'run') {
    return script !== undefined && /^[\w:.-]+$/.test(script) && !script.startsWith('.') ? [program, subcommand, script] : undefined;
  }

  return [program, subcommand];
}

/** The prefix "yes for this session" would allow for a command, or undefined when it is not one plain command it may remember. */
export function sessionPrefix(command: string): string | undefined {
  const argv = analyzeCommand(command).simple;
  const prefix = argv ? commandPrefix(argv) : undefined;
  return prefix?.join(' ');
}

function startsWith(argv: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= argv.length && prefix.every((word, index) => argv[index] === word);
}

function webOrigin(url: string): string | undefined {
  try {
    const {origin} = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** What the user allowed for the rest of the session. */
export class SessionApprovals {
  private readonly tools = new Set<string>();
  private readonly origins = new Set<string>();
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

    const {access} = request;
    if (access.kind === 'exec') {
      return `"${sessionPrefix(access.command)!} …" commands`;
    }

    return access.kind === 'network' ? `${request.call.name} requests to ${webOrigin(access.url)!}` : request.call.name;
  }

  /** Whether "yes for this session" can cover the request at all. */
  canRemember(request: ApprovalRequest): boolean {
    if (request.change || request.guarded) {
      return false;
    }

    const {access} = request;
    if (access.kind === 'exec') {
      const analysis = analyzeCommand(access.command);
      return analysis.simple !== undefined && commandPrefix(analysis.simple) !== undefined && this.staysSafe(analysis.simple, analysis.reads);
    }

    if (access.kind === 'network') {
      return webOrigin(access.url) !== undefined;
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

    const {access} = request;
    if (access.kind === 'exec') {
      const prefix = sessionPrefix(access.command)!;
      this.commandPrefixes.push(prefix.split(' '));
      return `${request.call.name} commands starting with "${prefix}"`;
    }

    if (access.kind === 'network') {
      const origin = webOrigin(access.url)!;
      this.origins.add(`${request.call.name} ${origin}`);
      return `${request.call.name} requests to ${origin}`;
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
      const {simple: argv, reads} = analyzeCommand(access.command);
      return argv !== undefined && this.commandPrefixes.some(prefix => startsWith(argv, prefix)) && this.staysSafe(argv, reads);
    }

    if (access.kind === 'network') {
      return this.origins.has(`${request.call.name} ${webOrigin(access.url)}`);
    }

    return !this.outside(request) && this.tools.has(request.call.name);
  }

  /**
   * What a remembered prefix still checks in each later command: no option that runs code or
   * follows symlinks out, no path outside the workspace, no URL. (Guarded files come marked by
   * the approval policy, as `request.guarded`.)
   */
  private staysSafe(argv: string[], reads: string[]): boolean {
    const words = [...pathWords(argv.slice(1)), ...reads];
    return riskyOption(argv) === undefined && commandPrefix(argv) !== undefined && words.every(word => !remoteWord.test(word) && staysInside(this.workspace, word));
  }

  private outside(request: ApprovalRequest): boolean {
    const {access} = request;
    return (access.kind === 'edit' || access.kind === 'read') && access.paths.some(file => !isWithin(this.workspace, file));
  }
}
