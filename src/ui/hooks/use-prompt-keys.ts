import {useInput, type Key} from 'ink';
import {useRef, useState} from 'react';
import {matchingCommands, type SlashCommand} from '../commands.js';
import {useUiActions} from '../contexts/ui-actions.js';
import {useUiState} from '../contexts/ui-state.js';
import {editorWith, emptyEditor, insertText, moveDown, moveUp, type EditorState} from '../line-editor.js';
import {cleanTyped, editKey} from '../prompt-keys.js';

// Bracketed paste (https://invisible-island.net/xterm/ctlseqs/ctlseqs.html#h2-Bracketed-Paste-Mode):
// the terminal wraps pasted text in these; Ink hands them over without their ESC.
const pasteStart = '[200~';
const pasteEnd = '[201~';

type Browsing = {index: number; draft: string};

export type PromptKeys = {suggestions: SlashCommand[]; selected: number};

function completion(command: SlashCommand): string {
  return `/${command.name}${command.args ? ' ' : ''}`;
}

/** Keys of the prompt: editing, Enter, history (Up/Down), slash completion (Tab) and paste. */
export function usePromptKeys(isActive: boolean): PromptKeys {
  const {editor, history} = useUiState();
  const {setEditor, send} = useUiActions();
  const [selected, setSelected] = useState(0);
  const browsing = useRef<Browsing | undefined>(undefined);
  const pasted = useRef<string | undefined>(undefined);
  // Several keys can arrive in one read, before a render and before Ink subscribes the new
  // handler: what the handler reads lives in refs that it updates itself.
  const current = useRef(editor);
  current.current = editor;
  const choice = useRef(selected);
  choice.current = selected;
  const suggestions = matchingCommands(editor.text);

  const update = (next: EditorState) => {
    current.current = next;
    setEditor(next);
  };

  const select = (index: number) => {
    choice.current = index;
    setSelected(index);
  };

  const chosen = (): SlashCommand | undefined => {
    const matches = matchingCommands(current.current.text);
    return matches[Math.min(choice.current, matches.length - 1)];
  };

  const recall = (direction: 1 | -1) => {
    const index = (browsing.current?.index ?? -1) + direction;
    if (index >= history.length) {
      return;
    }

    const draft = browsing.current?.draft ?? current.current.text;
    browsing.current = index < 0 ? undefined : {index, draft};
    update(index < 0 ? editorWith(draft) : editorWith(history[history.length - 1 - index]!));
  };

  const submit = (text: string) => {
    const command = chosen();
    const exact = command !== undefined && `/${command.name}` === text.trim();
    const line = command && !exact ? completion(command).trim() : text;
    browsing.current = undefined;
    select(0);
    update(emptyEditor);
    send(line);
  };

  const onArrow = (key: Key) => {
    const matches = matchingCommands(current.current.text).length;
    if (matches > 1) {
      select((Math.min(choice.current, matches - 1) + (key.upArrow ? matches - 1 : 1)) % matches);
      return;
    }

    const moved = key.upArrow ? moveUp(current.current) : moveDown(current.current);
    if (moved) {
      update(moved);
    } else {
      recall(key.upArrow ? 1 : -1);
    }
  };

  useInput((input, key) => {
    if (pasted.current !== undefined) {
      if (input === pasteEnd) {
        const text = cleanTyped(pasted.current);
        pasted.current = undefined;
        update(insertText(current.current, text));
      } else {
        pasted.current += key.return ? '\n' : key.tab ? '\t' : input;
      }

      return;
    }

    if (input === pasteStart) {
      pasted.current = '';
      return;
    }

    const command = key.tab ? chosen() : undefined;
    if (command) {
      select(0);
      update(editorWith(completion(command)));
      return;
    }

    if ((key.upArrow || key.downArrow) && !key.ctrl && !key.meta) {
      onArrow(key);
      return;
    }

    if (key.ctrl && input === 'd' && current.current.text === '') {
      return;
    }

    const outcome = editKey(current.current, input, key);
    if (outcome && 'submit' in outcome) {
      submit(outcome.submit);
    } else if (outcome) {
      if (outcome.editor.text !== current.current.text) {
        select(0);
      }

      update(outcome.editor);
    }
  }, {isActive});

  return {suggestions, selected: Math.min(selected, Math.max(0, suggestions.length - 1))};
}
