import type {AgentEvent} from '../agent/events.js';
import {inertText as inert} from '../terminal-text.js';

function keyArgument(input: Record<string, unknown> | undefined): string {
  const value = input?.path ?? input?.command ?? input?.pattern ?? input?.url ?? '';
  const text = inert(String(value)).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One line of progress for stderr on a terminal, or undefined for events that show nothing. */
export function progressLine(event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'tool_start': {
      return `● ${event.call.name} ${keyArgument(event.input)}`;
    }

    case 'tool_end': {
      const mark = event.result.isError ? '✗' : '✓';
      return `  ${mark} ${inert(event.result.summary ?? '')} (${event.durationMs} ms)`;
    }

    case 'retry': {
      return `  retrying in ${(event.delayMs / 1000).toFixed(1)} s: ${inert(event.reason)}`;
    }

    case 'compaction': {
      return `  context compacted (${event.method}): about ${event.tokensBefore} → ${event.tokensAfter} tokens`;
    }

    case 'compaction_failed': {
      return `  ${inert(event.message)}`;
    }

    default: {
      return undefined;
    }
  }
}
