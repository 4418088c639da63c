import {createHash} from 'node:crypto';
import {serverNamePart} from '../config/mcp-servers.js';

/** Model APIs accept tool names of these characters, at most this long (OpenAI, Anthropic). */
const maxLength = 64;
const hashLength = 6;

function clean(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, hashLength);
}

/**
 * Gives each (server, tool) pair the name the model sees, `mcp__<server>__<tool>`, and keeps it for
 * the life of the process, so a name in the conversation never changes meaning. When two pairs
 * would get the same name (after cleaning or cutting to 64 characters), the later one gets a short
 * hash of its original names as a suffix.
 */
export class ToolNames {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  nameFor(server: string, tool: string): string {
    const key = `${server}\u0000${tool}`;
    const known = this.byKey.get(key);
    if (known !== undefined) {
      return known;
    }

    const base = `mcp__${serverNamePart(server)}__${clean(tool)}`;
    let name = base.slice(0, maxLength);
    if (this.taken.has(name)) {
      name = `${base.slice(0, maxLength - hashLength - 1)}_${shortHash(key)}`;
    }

    this.byKey.set(key, name);
    this.taken.add(name);

    return name;
  }
}
