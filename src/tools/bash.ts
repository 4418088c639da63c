import {OutputCap} from './output-cap.js';
import {stopGroup, trackGroup} from '../process-groups.js';
import type {Tool, ToolResult} from './types.js';

type Input = {command: string; timeout_ms?: number};

const defaultTimeoutMs = 120_000;
const maxTimeoutMs = 600_000;
/** How long after SIGTERM a process group gets before SIGKILL, in ms. */
const killGraceMs = 1500;
/** How long what is left of a group after the shell exited gets to end by itself, in ms. */
const leftoverSettleMs = 200;

/** Stops a command's process group once, however many reasons to stop it come. */
class GroupStop {
  private stopping: Promise<void> | undefined;

  constructor(private readonly pid: number | undefined) {
    if (pid !== undefined) {
      trackGroup(pid);
    }
  }

  /** SIGTERM after `settleMs`, SIGKILL after the grace period; the first call decides. */
  stop(settleMs: number): void {
    if (this.pid !== undefined) {
      this.stopping ??= stopGroup(this.pid, {settleMs, graceMs: killGraceMs});
    }
  }

  /** Resolves when the group is gone: stopped, or never left anything behind. */
  async done(): Promise<void> {
    this.stop(0);
    await this.stopping;
  }
}

function describeEnd(exitCode: number | undefined, signalName: string | undefined, timedOut: boolean, aborted: boolean, timeoutMs: number): string {
  if (aborted) {
    return 'Command stopped: the user cancelled the turn.';
  }

  if (timedOut) {
    return `Command timed out after ${timeoutMs / 1000} s; its process group was killed. Pass a larger timeout_ms or run something shorter.`;
  }

  return signalName ? `Command killed by ${signalName}.` : `Exit code ${exitCode}.`;
}

export const bashTool: Tool<Input> = {
  spec: {
    name: 'bash',
    description: 'Run a shell command with bash in the workspace. Output (stdout and stderr together) is capped: long output keeps its head and tail. Stdin is closed. Default timeout 120000 ms, at most 600000.',
    parameters: {
      type: 'object',
      properties: {
        command: {type: 'string', description: 'The command line to run.'},
        timeout_ms: {type: 'integer', minimum: 1, description: 'Timeout in milliseconds.'},
      },
      required: ['command'],
    },
  },
  readOnly: false,
  access(input) {
    return {kind: 'exec', command: input.command};
  },
  async run(input, context): Promise<ToolResult> {
    const timeoutMs = Math.min(input.timeout_ms ?? defaultTimeoutMs, maxTimeoutMs);
    const timeout = AbortSignal.timeout(timeoutMs);
    const deadline = AbortSignal.any([context.signal, timeout]);
    const {execa} = await import('execa');
    const output = new OutputCap();
    const child = execa('bash', ['-c', input.command], {
      cwd: context.workspace,
      env: context.env,
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      buffer: false,
      reject: false,
      detached: true,
    });
    const group = new GroupStop(child.pid);
    const onDeadline = () => group.stop(0);
    deadline.addEventListener('abort', onDeadline, {once: true});
    child.all?.setEncoding('utf8');
    child.all?.on('data', (chunk: string) => output.push(chunk));
    // Background children that keep the pipes open would hold the result forever: once the
    // shell itself has exited, what is left of its group is stopped.
    child.once('exit', () => group.stop(leftoverSettleMs));
    const result = await child;
    deadline.removeEventListener('abort', onDeadline);
    // Also after an abort: the run must not end while a child that ignores SIGTERM lives on.
    await group.done();
    context.signal.throwIfAborted();

    const end = describeEnd(result.exitCode, result.signal, timeout.aborted, context.signal.aborted, timeoutMs);
    const text = output.toString().trimEnd();
    const failed = result.exitCode !== 0;

    return {
      content: text === '' ? `${end}\n(no output)` : `${end}\n${text}`,
      isError: failed,
      summary: timeout.aborted ? 'timed out' : result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`,
    };
  },
};
