// V8 grows the old generation until a major collection it puts off for as long as it can, and a
// terminal program never tells it that it is idle (a browser does). So when a turn ends, once its
// last frame is drawn and the user is reading, the TUI asks for one full collection itself (about
// 20 ms for its heap): resident memory then stays flat over a long session instead of
// climbing by the garbage of every frame drawn. bin/alex.js also caps the young generation.
import v8 from 'node:v8';
import vm from 'node:vm';

/** How long after a turn the collection runs: after its last frame. */
export const idleGcDelayMs = 50;

let collect: (() => void) | undefined;
let timer: NodeJS.Timeout | undefined;

function collector(): () => void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }

  return collect;
}

/** Schedules one full collection shortly; calls in between share it. */
export function collectAfterTurn(): void {
  if (timer === undefined) {
    timer = setTimeout(() => {
      timer = undefined;
      collector()();
    }, idleGcDelayMs);
    timer.unref();
  }
}
