import {killTrackedGroups} from './process-groups.js';

/** The exit status for each signal that stops alex: 128 + the signal's number, as shells report it. */
export const signalExitCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

export type StopSignal = keyof typeof signalExitCodes;

export type StopSignals = {
  /** The work is over and only cleanup is left: from now on any signal stops alex at once. */
  closing(): void;
  /**
   * Removes the handlers. Call it only after the MCP servers are closed: a signal that comes
   * with no handler gets Node's default, which ends alex without an `exit` event, so nothing
   * kills the servers' process groups and they are left running.
   */
  dispose(): void;
};

/**
 * Handles SIGINT, SIGTERM and SIGHUP for a command that has MCP servers to stop. The first
 * signal calls `stop`, which winds the work down; stopping the servers by escalation can take
 * seconds, so a signal after that (or after `closing()`) SIGKILLs every server's process group
 * and exits at once with that signal's status.
 */
export function handleStopSignals(stop: (signal: StopSignal) => void): StopSignals {
  let stopping = false;
  const onSignal = (signal: StopSignal) => {
    if (stopping) {
      killTrackedGroups();
      process.exit(signalExitCodes[signal]);
    }

    stopping = true;
    stop(signal);
  };

  const signals = Object.keys(signalExitCodes) as StopSignal[];
  for (const signal of signals) {
    process.on(signal, onSignal);
  }

  return {
    closing() {
      stopping = true;
    },
    dispose() {
      for (const signal of signals) {
        process.off(signal, onSignal);
      }
    },
  };
}
