import {setTimeout as sleep} from 'node:timers/promises';

/** Process groups of servers still running; killed outright if alex exits without closing them. */
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

/** Remembers a server's process group so that an unplanned exit of alex still kills it. */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killTrackedGroups);
  }
}

/** SIGKILLs every server process group still running, at once: for when alex cannot wait. */
export function killTrackedGroups(): void {
  for (const group of liveGroups) {
    signalGroup(group, 'SIGKILL');
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) {
      return false;
    }

    await sleep(20);
  }

  return true;
}

/**
 * Stops a server's whole process group (grandchildren started through `npx` included) by
 * escalation: the caller has closed stdin; wait, SIGTERM, wait, SIGKILL.
 */
export async function stopGroup(pid: number, graceMs: number): Promise<void> {
  if (!(await waitGone(pid, graceMs))) {
    signalGroup(pid, 'SIGTERM');
    if (!(await waitGone(pid, graceMs))) {
      // Only a short wait: SIGKILL cannot be refused, and processes reparented to init may stay
      // zombies until init reaps them, which looks as if the group were still there.
      signalGroup(pid, 'SIGKILL');
      await waitGone(pid, 200);
    }
  }

  liveGroups.delete(pid);
}
