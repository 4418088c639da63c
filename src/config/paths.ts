import path from 'node:path';
import envPaths from 'env-paths';

/** The data folder: settings, sessions and logs. `ALEX_HOME`, else the platform's config folder. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.ALEX_HOME;
  if (home) {
    return path.resolve(home);
  }

  return envPaths('alex', {suffix: ''}).config;
}

export function settingsPath(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}
