import {mkdirSync} from 'node:fs';
import {ConfigError, UsageError} from '../errors.js';
import {confirmSetKey} from './confirmation.js';
import {dataDirectory, settingsPath} from './paths.js';
import {checkPermissions, checkSetting, isSettingKey, settingSpecs, type SettingKey} from './schema.js';
import {loadSettings} from './settings.js';

/** Parses a value given on the command line: JSON when it parses, else the plain string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function checkKey(key: string): SettingKey {
  if (!isSettingKey(key)) {
    throw new UsageError(`Unknown setting "${key}"; known settings: ${Object.keys(settingSpecs).join(', ')}`);
  }

  return key;
}

/** Writes one key through conf, which writes atomically; the file is created with mode 0600. */
export async function setSetting(key: string, raw: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const checked = checkKey(key);
  const value = checked === 'model' || checked === 'baseUrl' || checked === 'apiKey' || checked === 'compactModel' ? raw : parseValue(raw);
  const problem = checkSetting(checked, value) ?? (checked === 'permissions' ? checkPermissions(value as Record<string, unknown>)[0]?.join(': ') : undefined);
  if (problem) {
    throw new UsageError(`${key}: ${problem}`);
  }

  const dataDir = dataDirectory(env);
  const file = settingsPath(dataDir);
  const before = loadSettings(file);
  mkdirSync(dataDir, {recursive: true, mode: 0o700});
  const {default: Conf} = await import('conf');
  const store = new Conf<Record<string, unknown>>({cwd: dataDir, configName: 'config', projectName: 'alex', configFileMode: 0o600, accessPropertiesByDotNotation: false});
  store.set(checked, value);
  confirmSetKey(dataDir, before, checked, value);

  return value;
}

/** The settings file's content with the API key masked, for `alex config show` and `get`. */
export function readSettingsForDisplay(env: NodeJS.ProcessEnv = process.env): {file: string; settings: Record<string, unknown>} {
  const file = settingsPath(dataDirectory(env));
  const settings: Record<string, unknown> = {...loadSettings(file)};
  if (typeof settings.apiKey === 'string') {
    settings.apiKey = `${settings.apiKey.slice(0, 3)}…(hidden)`;
  }

  return {file, settings};
}

export function getSetting(key: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const checked = checkKey(key);
  return readSettingsForDisplay(env).settings[checked];
}

export {ConfigError};
