import {readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import basePrompt from './system-prompt.md';

/** Upper bound of AGENTS.md text put into the prompt, in characters. */
const maxProjectInstructions = 40_000;

async function projectInstructions(workspace: string): Promise<string | undefined> {
  try {
    const text = await readFile(path.join(workspace, 'AGENTS.md'), 'utf8');
    return text.length > maxProjectInstructions ? `${text.slice(0, maxProjectInstructions)}\n[AGENTS.md cut at ${maxProjectInstructions} characters]` : text;
  } catch {
    return undefined;
  }
}

/** The system prompt: alex's own instructions, the environment, and the project's AGENTS.md. */
export async function buildSystemPrompt(workspace: string, now = new Date()): Promise<string> {
  const environment = [`Workspace: ${workspace}`, `Platform: ${os.platform()} ${os.release()}`, `Shell: bash`, `Date: ${now.toISOString().slice(0, 10)}`].join('\n');
  const parts = [basePrompt.trim(), `Environment:\n${environment}`];
  const instructions = await projectInstructions(workspace);
  if (instructions) {
    parts.push(`Project instructions from AGENTS.md (follow them):\n${instructions.trim()}`);
  }

  return parts.join('\n\n');
}
