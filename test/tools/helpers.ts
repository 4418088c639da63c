import type {ToolContext} from '../../src/tools/types.js';

export function toolContext(workspace: string, signal = new AbortController().signal): ToolContext {
  return {workspace, signal, env: {PATH: process.env.PATH, HOME: workspace, OPENAI_API_KEY: undefined}};
}
