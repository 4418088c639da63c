import {readFileSync} from 'node:fs';
import {ConfigError} from '../errors.js';
import {checkPermissions, checkSetting, isSettingKey, type Settings} from './schema.js';

/** Reads JSON from a file; undefined when the file does not exist. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }

    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`, {cause: error});
  }

  if (text.trim() === '') {
    return {};
  }

  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}); fix or remove it`, {cause: error});
  }
}

/** Checks raw settings; every problem names the key path, what was expected and what was found. */
export function checkSettings(rawSettings: unknown, file: string): Settings {
  if (typeof rawSettings !== 'object' || rawSettings === null || Array.isArray(rawSettings)) {
    throw new ConfigError(`${file}: expected a JSON object at the top level`);
  }

  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rawSettings)) {
    if (!isSettingKey(key)) {
      continue;
    }

    const problem = checkSetting(key, value);
    if (problem) {
      problems.push(`${key}: ${problem}`);
      continue;
    }

    if (key === 'permissions') {
      for (const [path, inner] of checkPermissions(value as Record<string, unknown>)) {
        problems.push(`permissions.${path}: ${inner}`);
      }
    }

    settings[key] = value;
  }

  if (problems.length > 0) {
    throw new ConfigError(`${file}: ${problems.join('; ')}`);
  }

  return settings as Settings;
}

/** Loads the user's settings file; a missing file is empty settings. */
export function loadSettings(file: string): Settings {
  const rawSettings = readJsonFile(file);
  if (rawSettings === undefined) {
    return {};
  }

  return checkSettings(rawSettings, file);
}
