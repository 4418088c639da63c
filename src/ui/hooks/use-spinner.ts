import {useEffect, useState} from 'react';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Interval between spinner frames. */
export const spinnerIntervalMs = 100;

/** A spinner glyph that turns while `active`; one timer for everything that spins. */
export function useSpinner(active: boolean): string {
  const [frame, setFrame] = useState(0);

  useEffect(() => {
    if (!active) {
      return;
    }

    const timer = setInterval(() => setFrame(current => (current + 1) % frames.length), spinnerIntervalMs);
    return () => clearInterval(timer);
  }, [active]);

  return frames[frame]!;
}
