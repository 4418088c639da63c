import type {ToolSpec} from '../llm/types.js';
import {bashTool} from './bash.js';
import {editFileTool} from './edit-file.js';
import {globTool} from './glob.js';
import {grepTool} from './grep.js';
import {listFilesTool} from './list-files.js';
import {readFileTool} from './read-file.js';
import {todoWriteTool} from './todo-write.js';
import type {Tool} from './types.js';
import {webFetchTool} from './web-fetch.js';
import {writeFileTool} from './write-file.js';

/** Tools that come from elsewhere (MCP servers), asked for their current list before each request. */
export interface ToolSource {
  tools(): Tool[];
}

export const builtinTools: Tool[] = [readFileTool, writeFileTool, editFileTool, listFilesTool, globTool, grepTool, bashTool, todoWriteTool, webFetchTool] as unknown as Tool[];

/** Builtin tools plus those of every source; a source cannot shadow a builtin name. */
export class ToolRegistry {
  private readonly builtin = new Map<string, Tool>();
  private readonly sources: ToolSource[] = [];

  constructor(tools: Tool[] = builtinTools) {
    for (const tool of tools) {
      this.builtin.set(tool.spec.name, tool);
    }
  }

  addSource(source: ToolSource): void {
    this.sources.push(source);
  }

  /** Every tool available now, builtin first. */
  list(): Tool[] {
    const tools = [...this.builtin.values()];
    for (const source of this.sources) {
      tools.push(...source.tools().filter(tool => !this.builtin.has(tool.spec.name)));
    }

    return tools;
  }

  specs(): ToolSpec[] {
    return this.list().map(tool => tool.spec);
  }

  get(name: string): Tool | undefined {
    return this.builtin.get(name) ?? this.list().find(tool => tool.spec.name === name);
  }
}
