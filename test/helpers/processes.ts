import {readFileSync} from 'node:fs';

/**
 * True while the process runs. process.kill(pid, 0) alone also succeeds for a zombie: a killed
 * process whose parent (init, for an orphan) has not reaped it yet. On Linux its state says so.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }

  try {
    // The state follows the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Waits until `check` holds, polling every 50 ms; throws after `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out waiting');
    }

    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
