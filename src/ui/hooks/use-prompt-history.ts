import {useCallback, useEffect, useState} from 'react';
import type {PromptHistory} from '../prompt-history.js';

/** Earlier prompts of this folder, read after the first frame; `add` records a new one. */
export function usePromptHistory(store: PromptHistory | undefined): {prompts: string[]; add(prompt: string): void} {
  const [prompts, setPrompts] = useState<string[]>([]);

  useEffect(() => {
    let active = true;
    void store?.load().then(loaded => {
      if (active) {
        setPrompts(current => [...loaded, ...current]);
      }
    });

    return () => {
      active = false;
    };
  }, [store]);

  const add = useCallback((prompt: string) => {
    setPrompts(current => (current.at(-1) === prompt ? current : [...current, prompt]));
    void store?.add(prompt);
  }, [store]);

  return {prompts, add};
}
