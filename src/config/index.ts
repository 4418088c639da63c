import {ConfigError, UsageError} from '../errors.js';
import {addSecret} from '../redact.js';
import {loadMcpServers, type McpServerConfig} from './mcp-servers.js';
import {dataDirectory, settingsPath} from './paths.js';
import {approvalModes, providerNames, type ApprovalMode, type Permissions, type ProviderName, type Settings} from './schema.js';
import {confirmReview, reviewSettings, type SettingsReview} from './confirmation.js';
import {loadSettings} from './settings.js';

export type {ApprovalMode, McpServerSettings, Permissions, ProviderName, Settings} from './schema.js';
export type {McpServerEntry, McpServerConfig} from './mcp-servers.js';
export type {SettingChange, SettingsReview} from './confirmation.js';
export {dataDirectory, settingsPath} from './paths.js';

/** Flags that override settings and environment, as given on the command line. */
export type ConfigFlags = {
  model?: string;
  provider?: string;
  baseUrl?: string;
  approval?: string;
  yolo?: boolean;
  maxTurns?: string;
  debug?: boolean;
};

export type RunConfig = {
  dataDir: string;
  settingsFile: string;
  /** The directory alex started in; tool paths resolve against it. */
  workspace: string;
  provider: ProviderName;
  model: string;
  baseUrl: string;
  apiKey: string | undefined;
  approval: ApprovalMode;
  maxTurns: number;
  contextWindow: number | undefined;
  compactModel: string | undefined;
  mcp: McpServerConfig;
  permissions: Permissions;
  debug: boolean;
  /** The settings this run uses: the file's, with unconfirmed loosening changes held back. */
  settings: Settings;
  /** Set when the settings file loosens safety since it was last confirmed: what changed. */
  settingsReview: SettingsReview | undefined;
  /** The flags this configuration was resolved from, to resolve it again after a confirmation. */
  flags: ConfigFlags;
};

const defaults = {
  openai: {model: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1'},
  anthropic: {model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com'},
} as const;

/** Default number of model round trips per prompt. */
export const defaultMaxTurns = 100;

function pickProvider(flag: string | undefined, env: NodeJS.ProcessEnv, settings: Settings): ProviderName {
  const chosen = flag ?? env.ALEX_PROVIDER ?? settings.provider;
  if (chosen !== undefined) {
    if (!(providerNames as readonly string[]).includes(chosen)) {
      const source = flag === undefined ? 'ALEX_PROVIDER' : '--provider';
      throw new UsageError(`${source}: unknown provider "${chosen}"; expected ${providerNames.join(' or ')}`);
    }

    return chosen as ProviderName;
  }

  // Only an Anthropic key and no OpenAI-compatible endpoint chosen: a local server set through
  // OPENAI_BASE_URL needs no key, and must not lose to a stray ANTHROPIC_API_KEY.
  return env.ANTHROPIC_API_KEY && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL ? 'anthropic' : 'openai';
}

function pickApproval(flags: ConfigFlags, settings: Settings): ApprovalMode {
  if (flags.yolo) {
    return 'yolo';
  }

  const chosen = flags.approval ?? settings.approval ?? 'ask';
  if (!(approvalModes as readonly string[]).includes(chosen)) {
    throw new UsageError(`--approval: unknown mode "${chosen}"; expected ${approvalModes.join(', ')}`);
  }

  return chosen as ApprovalMode;
}

function parsePositiveInteger(raw: string, name: string, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min) {
    throw new UsageError(`${name}: expected an integer of at least ${min}, received "${raw}"`);
  }

  return value;
}

function pickContextWindow(env: NodeJS.ProcessEnv, settings: Settings): number | undefined {
  if (env.ALEX_CONTEXT_WINDOW) {
    const value = Number(env.ALEX_CONTEXT_WINDOW);
    if (!Number.isInteger(value) || value < 1024) {
      throw new ConfigError(`ALEX_CONTEXT_WINDOW: expected an integer of at least 1024, received "${env.ALEX_CONTEXT_WINDOW}"`);
    }

    return value;
  }

  return settings.contextWindow;
}

function checkBaseUrl(raw: string, source: string): string {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new UsageError(`${source}: "${raw}" is not an http(s) URL`);
  }

  return raw.replace(/\/+$/, '');
}

/** Resolves what this run uses: flags, then environment, then settings, then defaults. */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RunConfig {
  const dataDir = dataDirectory(env);
  const settingsFile = settingsPath(dataDir);
  const {settings, review} = reviewSettings(loadSettings(settingsFile), dataDir, settingsFile);
  const provider = pickProvider(flags.provider, env, settings);
  const envBaseUrl = provider === 'openai' ? env.OPENAI_BASE_URL : env.ANTHROPIC_BASE_URL;
  const baseUrlSource = flags.baseUrl ? '--base-url' : envBaseUrl ? (provider === 'openai' ? 'OPENAI_BASE_URL' : 'ANTHROPIC_BASE_URL') : settingsFile;
  const baseUrl = checkBaseUrl(flags.baseUrl ?? envBaseUrl ?? settings.baseUrl ?? defaults[provider].baseUrl, baseUrlSource);
  const apiKey = (provider === 'openai' ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY) || settings.apiKey;
  addSecret(apiKey);

  return {
    dataDir,
    settingsFile,
    workspace: cwd,
    provider,
    model: flags.model ?? env.ALEX_MODEL ?? settings.model ?? defaults[provider].model,
    baseUrl,
    apiKey,
    approval: pickApproval(flags, settings),
    maxTurns: flags.maxTurns === undefined ? settings.maxTurns ?? defaultMaxTurns : parsePositiveInteger(flags.maxTurns, '--max-turns', 1),
    contextWindow: pickContextWindow(env, settings),
    compactModel: settings.compactModel,
    mcp: loadMcpServers(settings.mcpServers, settingsFile, cwd),
    permissions: {allow: settings.permissions?.allow ?? [], deny: settings.permissions?.deny ?? []},
    debug: flags.debug ?? false,
    settings,
    settingsReview: review,
    flags,
  };
}

/** Records the reviewed settings as confirmed and resolves the run again, the whole file in effect. */
export function confirmSettingsChange(config: RunConfig, review: SettingsReview, env: NodeJS.ProcessEnv = process.env): RunConfig {
  confirmReview(config.dataDir, review);
  return resolveConfig(config.flags, env, config.workspace);
}

/** True when the endpoint is the provider's public one, which needs a key. */
export function isDefaultEndpoint(config: RunConfig): boolean {
  return config.baseUrl === defaults[config.provider].baseUrl;
}
