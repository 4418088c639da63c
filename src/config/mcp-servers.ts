import path from 'node:path';
import type {McpServerSettings} from './schema.js';
import {readJsonFile} from './settings.js';
import {errorMessage} from '../errors.js';

export type McpServerEntry = {
  name: string;
  settings: McpServerSettings;
  /** Where the entry came from: the user's settings or the project's `.mcp.json`. */
  source: 'user' | 'project';
};

export type McpServerConfig = {
  servers: McpServerEntry[];
  /** One line per entry or file that was left out, naming the file and server. */
  problems: string[];
};

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(item => typeof item === 'string');
}

function isPositiveInteger(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value > 0);
}

/** Checks one server entry; returns the problem, or undefined when it is usable. */
function checkServer(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return 'expected an object with "command" or "url"';
  }

  const entry = raw as Record<string, unknown>;
  if (!isPositiveInteger(entry.timeout) || !isPositiveInteger(entry.startupTimeout)) {
    return '"timeout" and "startupTimeout" must be positive integers (milliseconds)';
  }

  const type = entry.type ?? (entry.url === undefined ? 'stdio' : 'http');
  if (type === 'stdio') {
    if (typeof entry.command !== 'string' || entry.command === '') {
      return 'expected "command" to be a non-empty string';
    }

    if (entry.args !== undefined && !(Array.isArray(entry.args) && entry.args.every(arg => typeof arg === 'string'))) {
      return 'expected "args" to be an array of strings';
    }

    return entry.env === undefined || isStringRecord(entry.env) ? undefined : 'expected "env" to map names to strings';
  }

  if (type !== 'sse' && type !== 'http') {
    return `unknown "type" ${JSON.stringify(type)}; expected stdio, sse or http`;
  }

  if (typeof entry.url !== 'string' || !URL.canParse(entry.url)) {
    return 'expected "url" to be an absolute URL';
  }

  return entry.headers === undefined || isStringRecord(entry.headers) ? undefined : 'expected "headers" to map names to strings';
}

/**
 * The server's part of its tools' names (`mcp__<part>__<tool>`): characters model APIs accept,
 * with no `__` inside, so that the part before the second `__` always names one server.
 */
export function serverNamePart(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').replace(/_{2,}/g, '_');
}

function collect(raw: unknown, source: McpServerEntry['source'], file: string, into: Map<string, McpServerEntry>, problems: string[]): void {
  if (raw === undefined) {
    return;
  }

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${file}: "mcpServers" must be an object of servers by name`);
    return;
  }

  for (const [name, entry] of Object.entries(raw)) {
    const problem = checkServer(entry);
    if (problem) {
      problems.push(`${file}: MCP server "${name}": ${problem}; it is left out`);
      continue;
    }

    const twin = [...into.values()].find(other => other.name !== name && serverNamePart(other.name) === serverNamePart(name));
    if (twin) {
      problems.push(`${file}: MCP server "${name}" would name its tools like the server "${twin.name}" (mcp__${serverNamePart(name)}__…); rename it. It is left out`);
      continue;
    }

    const settings = entry as McpServerSettings;
    const normalized: McpServerSettings = 'url' in settings && settings.type === undefined ? {...(settings as object), type: 'http'} as McpServerSettings : settings;
    into.set(name, {name, settings: normalized, source});
  }
}

/** Merges servers from settings and the project's `.mcp.json`; the project wins by name. */
export function loadMcpServers(userServers: unknown, settingsFile: string, workspace: string): McpServerConfig {
  const servers = new Map<string, McpServerEntry>();
  const problems: string[] = [];
  collect(userServers, 'user', settingsFile, servers, problems);

  const projectFile = path.join(workspace, '.mcp.json');
  try {
    const project = readJsonFile(projectFile) as {mcpServers?: unknown} | undefined;
    if (project !== undefined) {
      collect(project.mcpServers, 'project', projectFile, servers, problems);
    }
  } catch (error) {
    problems.push(`${errorMessage(error)}; its MCP servers are left out`);
  }

  return {servers: [...servers.values()], problems};
}
