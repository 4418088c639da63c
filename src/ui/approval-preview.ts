// What the approval dialog shows of a call: the command, the change, the address. Built from the
// call's arguments, so nothing is read or run before the user says yes.
import type {ApprovalRequest} from '../agent/approval.js';
import {foldLines} from './tool-labels.js';
import type {Folded} from './transcript.js';

/** Lines of a preview shown before the rest is folded. */
export const previewLines = 20;

function prefixed(text: string, prefix: string): string {
  return text.replace(/\n$/, '').split('\n').map(line => `${prefix}${line}`).join('\n');
}

/** The preview for a request, as diff-like lines (+ added, - removed) or plain ones. */
export function approvalPreview(request: ApprovalRequest): Folded {
  const {access, input} = request;
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
