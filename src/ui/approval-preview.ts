// What the approval dialog shows of a call: the command, the change, the address. Built from the
// call's arguments, so nothing is read or run before the user says yes. Every character is shown
// (`visibleText`): an escape sequence or an invisible character in a command cannot hide part of
// what would run, or repaint the dialog.
import type {ApprovalRequest} from '../agent/approval.js';
import {visibleText} from '../terminal-text.js';
import {foldLines as foldInert} from './tool-labels.js';
import type {Folded} from './transcript.js';

/** Lines of a preview shown before the rest is folded. */
export const previewLines = 20;

function foldLines(text: string, limit: number): Folded {
  return foldInert(visibleText(text), limit);
}

function prefixed(text: string, prefix: string): string {
  return text.replace(/\n$/, '').split('\n').map(line => `${prefix}${line}`).join('\n');
}

/** The preview for a request, as diff-like lines (+ added, - removed) or plain ones. */
export function approvalPreview(request: ApprovalRequest): Folded {
  const {access, input} = request;
  if (request.change) {
    // Both descriptions, made visible by the MCP layer already.
    const {previousDescription, description} = request.change;
    return foldLines(`Its description or schema changed since you approved it.\nBefore:\n${prefixed(previousDescription || '(none)', '-')}\nNow:\n${prefixed(description || '(none)', '+')}\nArguments: ${JSON.stringify(input)}`, previewLines * 2);
  }

  if (access.kind === 'edit' && access.preview) {
    return foldLines(access.preview, previewLines);
  }

  if (request.call.name === 'edit_file' && typeof input.old_string === 'string' && typeof input.new_string === 'string') {
    return foldLines(`${prefixed(input.old_string, '-')}\n${prefixed(input.new_string, '+')}`, previewLines);
  }

  if (request.call.name === 'write_file' && typeof input.content === 'string') {
    return foldLines(prefixed(input.content, '+'), previewLines);
  }

  switch (access.kind) {
    case 'exec': {
      return foldLines(`$ ${access.command}`, previewLines);
    }

    case 'network': {
      return foldLines(access.url, previewLines);
    }

    case 'read':
    case 'edit': {
      return foldLines(access.paths.join('\n'), previewLines);
    }

    case 'none': {
      return foldLines(JSON.stringify(input, undefined, 2), previewLines);
    }
  }
}
