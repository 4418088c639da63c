import {createHash} from 'node:crypto';
import type {McpServerSettings} from '../config/index.js';
import type {RawTool} from './session.js';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with the keys of every object sorted, so that equal values always give the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(item => stableJson(item)).join(',')}]`;
  }

  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

/** The description alex shows for a tool: its own, else its title. */
export function rawDescription(tool: RawTool): string {
  return tool.description ?? tool.title ?? '';
}

/** Hash of what the model is told about a tool: its name, description and input schema. */
export function toolFingerprint(tool: RawTool): string {
  return sha256(stableJson({name: tool.name, description: rawDescription(tool), inputSchema: tool.inputSchema}));
}

/**
 * Hash of how a server is started or reached: command, args, cwd and env for stdio (env values
 * hashed one by one, so no secret is kept whole even in the hashed text), type and URL for remote
 * servers, and the names of their headers. Header values are left out: they carry tokens that
 * are rotated without the server changing.
 */
export function launchFingerprint(settings: McpServerSettings): string {
  if ('command' in settings) {
    const env = Object.fromEntries(Object.entries(settings.env ?? {}).map(([name, value]) => [name, sha256(value)]));
    return sha256(stableJson({type: 'stdio', command: settings.command, args: settings.args ?? [], cwd: settings.cwd, env}));
  }

  const headers = Object.keys(settings.headers ?? {}).map(name => name.toLowerCase()).sort();
  return sha256(stableJson({type: settings.type, url: settings.url, headers}));
}
