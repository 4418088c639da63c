import {setTimeout as sleep} from 'node:timers/promises';

/**
 * Process groups alex started and has not seen end: shell commands and stdio MCP servers. When
 * alex exits, whatever the reason, the exit hook kills what is left, so nothing it started
 * outlives it (a child that ignores SIGTERM, or a server's grandchildren, included).
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is left (a zombie not yet reaped counts too). */
export function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/** SIGKILLs every tracked group still running, at once: for when alex cannot wait. */
export function killTrackedGroups(): void {
  for (const group of liveGroups) {
    signalGroup(group, 'SIGKILL');
  }
}

/** Remembers a process group (its leader's pid) until stopGroup has ended it. */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers run synchronously: process.kill is all there is time for.
    process.once('exit', killTrackedGroups);
  }
}

/** Waits until no process of the group is left, at most `ms`; a zombie not yet reaped counts as left. */
async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (signalGroup(pid, 0)) {
    if (Date.now() >= deadline) {
      return false;
    }

    await sleep(20);
  }

  return true;
}

export type StopOptions = {
  /** Time the group gets to end by itself before SIGTERM, in ms. */
  settleMs: number;
  /** Time between SIGTERM and SIGKILL, in ms. */
  graceMs: number;
};

/**
 * Ends a process group by escalation: wait, SIGTERM, wait, SIGKILL. Resolves once the group is
 * gone or SIGKILL was sent, so that a tool result never comes before its processes are stopped.
 */
export async function stopGroup(pid: number, {settleMs, graceMs}: StopOptions): Promise<void> {
  if (!(await waitGone(pid, settleMs))) {
    signalGroup(pid, 'SIGTERM');
    if (!(await waitGone(pid, graceMs))) {
      // A short wait only: processes reparented to init may stay zombies until init reaps them.
      signalGroup(pid, 'SIGKILL');
      await waitGone(pid, 200);
    }
  }

  liveGroups.delete(pid);
}
