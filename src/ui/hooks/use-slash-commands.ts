import {useCallback, useRef} from 'react';
import {errorMessage} from '../../errors.js';
import {parseCommand, type CommandContext} from '../commands.js';
import type {SessionInfo, TuiBackend} from '../conversation-agent.js';
import {statusLines} from '../status-text.js';
import type {Conversation} from './use-conversation.js';

/** Runs a slash command line against the conversation; errors become one line in the transcript. */
export function useSlashCommands(conversation: Conversation, info: SessionInfo, backend: TuiBackend, exit: () => void): (line: string) => void {
  const latest = useRef(conversation);
  latest.current = conversation;

  return useCallback((line: string) => {
    const current = latest.current;
    current.echo(line);
    const parsed = parseCommand(line);
    if ('error' in parsed) {
      current.say(parsed.error, 'error');
      return;
    }

    const busy = current.turnStartedAt !== undefined;
    if (busy && !parsed.command.whileBusy) {
      current.say(`/${parsed.command.name} waits for the running turn: press Esc to stop it first.`, 'warning');
      return;
    }

    const context: CommandContext = {
      say: current.say,
      startConversation: current.startConversation,
      backend,
      model: () => latest.current.model,
      setModel: current.setModel,
      statusLines: () => [...statusLines(info, latest.current.model, latest.current.sessionId, latest.current.transcript, backend.status().context), ...backend.statusLines()],
      exit,
    };
    Promise.resolve()
      .then(() => parsed.command.run(context, parsed.args))
      .catch((error: unknown) => current.say(`/${parsed.command.name} failed: ${errorMessage(error)}`, 'error'));
  }, [info, backend, exit]);
}
