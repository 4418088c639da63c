/** Exit statuses of the program, as DESIGN.md's contract says. */
export const exitCodes = {ok: 0, failed: 1, usage: 2} as const;

type ErrorOptions = {cause?: unknown};

/** Base of the errors alex reports to the user; `exitCode` is what the process exits with. */
export class AlexError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(message: string, code: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The user's input was wrong: a flag, an argument, a prompt. Exit status 2. */
export class UsageError extends AlexError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'usage', exitCodes.usage, options);
  }
}

/** A settings file, `.mcp.json` or environment variable is wrong. Exit status 2. */
export class ConfigError extends AlexError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'config', exitCodes.usage, options);
  }
}

/** The run failed: the model endpoint or a tool failed in a way alex could not recover from. Exit status 1. */
export class RunError extends AlexError {
  constructor(message: string, code = 'run', options?: ErrorOptions) {
    super(message, code, exitCodes.failed, options);
  }
}

/** True for the error an aborted AbortSignal produces: an abort is not a failure. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** One line describing any thrown value, for the place that reports it. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }

  return String(error);
}
