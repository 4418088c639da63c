import os from 'node:os';
import {openRegularFile, resolveInWorkspace} from '../tools/workspace.js';
import basePrompt from './system-prompt.md';

/** Upper bound of AGENTS.md put into the prompt, in bytes; the rest is cut with a note. */
const maxProjectInstructionBytes = 64 * 1024;

export type SystemPrompt = {
  prompt: string;
  /** Why AGENTS.md was left out or cut, for a warning line; empty when it was read whole or is absent. */
  warnings: string[];
};

type Instructions = {text?: string; warning?: string};

/** Reads at most `maxBytes + 1` bytes, so a cut can be told from a file of exactly that size. */
async function readBounded(file: string, maxBytes: number): Promise<{text: string; cut: boolean}> {
  const handle = await openRegularFile(file);
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
    const cut = bytesRead > maxBytes;
    // A cut may split a UTF-8 sequence; the decoder shows it as one replacement character.
    return {text: buffer.subarray(0, Math.min(bytesRead, maxBytes)).toString('utf8'), cut};
  } finally {
    await handle.close();
  }
}

/**
 * AGENTS.md at the workspace root, read like a file tool reads: it must resolve inside the
 * workspace (a symlink to ~/.ssh/id_rsa would send that file to the model) and be a regular file
 * (a FIFO would block the start, /dev/zero would fill memory), and only its first 64 KB are used.
 */
async function projectInstructions(workspace: string): Promise<Instructions> {
  let resolved;
  try {
    resolved = await resolveInWorkspace(workspace, 'AGENTS.md');
  } catch (error) {
    return {warning: `AGENTS.md was not read: ${(error as Error).message}`};
  }

  if (!resolved.inside) {
    return {warning: `AGENTS.md was not read: it leads to ${resolved.absolute}, outside the workspace`};
  }

  try {
    const {text, cut} = await readBounded(resolved.absolute, maxProjectInstructionBytes);
    return cut ? {text: `${text}\n[AGENTS.md cut at ${maxProjectInstructionBytes / 1024} KB]`, warning: `AGENTS.md is larger than ${maxProjectInstructionBytes / 1024} KB; only its start was used`} : {text};
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : {warning: `AGENTS.md was not read: ${(error as Error).message}`};
  }
}

/** The system prompt: alex's own instructions, the environment, and the project's AGENTS.md. */
export async function buildSystemPrompt(workspace: string, now = new Date()): Promise<SystemPrompt> {
  const environment = [`Workspace: ${workspace}`, `Platform: ${os.platform()} ${os.release()}`, `Shell: bash`, `Date: ${now.toISOString().slice(0, 10)}`].join('\n');
  const parts = [basePrompt.trim(), `Environment:\n${environment}`];
  const instructions = await projectInstructions(workspace);
  if (instructions.text?.trim()) {
    parts.push(`Project instructions from AGENTS.md (follow them):\n${instructions.text.trim()}`);
  }

  return {prompt: parts.join('\n\n'), warnings: instructions.warning ? [instructions.warning] : []};
}
