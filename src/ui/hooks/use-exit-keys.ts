import {useInput} from 'ink';
import {useEffect, useState} from 'react';

/** A second Ctrl+C within this time exits. */
export const exitConfirmMs = 2000;

export type ExitKeysOptions = {
  busy: boolean;
  inputEmpty: boolean;
  cancelTurn(): void;
  clearInput(): void;
  exit(): void;
};

/**
 * Esc and Ctrl+C stop a running turn; on an empty prompt Ctrl+C twice within two seconds exits,
 * as does Ctrl+D. Returns the hint to show after the first Ctrl+C.
 */
export function useExitKeys(options: ExitKeysOptions): string | undefined {
  const {busy, inputEmpty, cancelTurn, clearInput, exit} = options;
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    if (!armed) {
      return;
    }

    const timer = setTimeout(() => setArmed(false), exitConfirmMs);
    return () => clearTimeout(timer);
  }, [armed]);

  useInput((input, key) => {
    if (key.escape && busy) {
      cancelTurn();
      return;
    }

    if (key.ctrl && input === 'd' && inputEmpty) {
      exit();
      return;
    }

    if (!(key.ctrl && input === 'c')) {
      return;
    }

    if (busy) {
      cancelTurn();
    } else if (!inputEmpty) {
      clearInput();
    } else if (armed) {
      exit();
    } else {
      setArmed(true);
    }
  });

  return armed ? 'Press Ctrl+C again to exit.' : undefined;
}
