import type {AgentEvent} from '../agent/events.js';

/** Strips terminal control characters so that model and tool text cannot drive the terminal. */
function inert(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

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

    default: {
      return undefined;
    }
  }
}
