/**
 * The one description of alex's settings: validation, defaults and `alex config` all read it.
 * Kept as plain data so that checking a settings file needs no schema library at start-up.
 */
export type SettingType = 'string' | 'integer' | 'boolean' | 'object' | 'string[]';

export type SettingSpec = {
  type: SettingType;
  description: string;
  values?: readonly string[];
  min?: number;
};

export const approvalModes = ['ask', 'auto-edit', 'yolo'] as const;
export type ApprovalMode = (typeof approvalModes)[number];

export const providerNames = ['openai', 'anthropic'] as const;
export type ProviderName = (typeof providerNames)[number];

export const settingSpecs = {
  provider: {type: 'string', values: providerNames, description: 'Model API: openai (chat completions) or anthropic (messages).'},
  model: {type: 'string', description: 'Model name sent to the endpoint.'},
  baseUrl: {type: 'string', description: 'Endpoint base URL, e.g. http://127.0.0.1:8080/v1 for a local server.'},
  apiKey: {type: 'string', description: 'API key; OPENAI_API_KEY or ANTHROPIC_API_KEY take precedence.'},
  approval: {type: 'string', values: approvalModes, description: 'What needs asking: ask, auto-edit or yolo.'},
  maxTurns: {type: 'integer', min: 1, description: 'Model round trips per prompt before the run stops.'},
  contextWindow: {type: 'integer', min: 1024, description: 'Context window in tokens, for models alex does not know.'},
  compactModel: {type: 'string', description: 'Model used for background summaries; defaults to model.'},
  mcpServers: {type: 'object', description: 'MCP servers by name: {command, args, env} or {type, url, headers}.'},
  permissions: {type: 'object', description: 'Rules {allow: [...], deny: [...]}, e.g. "bash(npm test:*)".'},
  passApiKeysToCommands: {type: 'boolean', description: 'Let commands the model runs see OPENAI_API_KEY and ANTHROPIC_API_KEY (default false).'},
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof settingSpecs;

export type McpServerSettings =
  | {type?: 'stdio'; command: string; args?: string[]; env?: Record<string, string>; cwd?: string; timeout?: number; startupTimeout?: number}
  | {type: 'sse' | 'http'; url: string; headers?: Record<string, string>; timeout?: number; startupTimeout?: number};

export type Permissions = {allow: string[]; deny: string[]};

/** Settings as checked: every key optional, every value of its declared type. */
export type Settings = {
  provider?: ProviderName;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  approval?: ApprovalMode;
  maxTurns?: number;
  contextWindow?: number;
  compactModel?: string;
  mcpServers?: Record<string, McpServerSettings>;
  permissions?: Permissions;
  passApiKeysToCommands?: boolean;
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingSpecs, key);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }

  if (value === null) {
    return 'null';
  }

  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

/** Checks one value against its spec; returns the problem, or undefined when it is fine. */
export function checkSetting(key: SettingKey, value: unknown): string | undefined {
  const spec: SettingSpec = settingSpecs[key];
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string' || value === '') {
        return `expected a non-empty string, received ${describe(value)}`;
      }

      if (spec.values && !spec.values.includes(value)) {
        return `expected one of ${spec.values.join(', ')}, received ${describe(value)}`;
      }

      return undefined;
    }

    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < (spec.min ?? 0)) {
        return `expected an integer of at least ${spec.min ?? 0}, received ${describe(value)}`;
      }

      return undefined;
    }

    case 'boolean': {
      return typeof value === 'boolean' ? undefined : `expected true or false, received ${describe(value)}`;
    }

    case 'string[]': {
      const ok = Array.isArray(value) && value.every(item => typeof item === 'string');
      return ok ? undefined : `expected an array of strings, received ${describe(value)}`;
    }

    case 'object': {
      const ok = typeof value === 'object' && value !== null && !Array.isArray(value);
      return ok ? undefined : `expected an object, received ${describe(value)}`;
    }
  }
}

/** Checks the `permissions` object's inner shape. */
export function checkPermissions(value: Record<string, unknown>): Array<[path: string, problem: string]> {
  const problems: Array<[string, string]> = [];
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'allow' && key !== 'deny') {
      problems.push([key, 'expected only "allow" and "deny"']);
      continue;
    }

    if (!Array.isArray(list) || !list.every(item => typeof item === 'string')) {
      problems.push([key, `expected an array of rule strings, received ${describe(list)}`]);
    }
  }

  return problems;
}
