import type {Command} from 'commander';

function print(value: unknown): void {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
}

/** `alex config show|get|set|path`. */
export function addConfigCommand(program: Command): void {
  const config = program.command('config').description('show or change settings');
  config
    .command('show')
    .description('print the settings file (the API key masked)')
    .action(async () => {
      const {readSettingsForDisplay} = await import('../config/edit.js');
      print(readSettingsForDisplay().settings);
    });
  config
    .command('get <key>')
    .description('print one setting')
    .action(async (key: string) => {
      const {getSetting} = await import('../config/edit.js');
      const value = getSetting(key);
      if (value !== undefined) {
        print(value);
      }
    });
  config
    .command('set <key> <value>')
    .description('write one setting; JSON values are parsed (e.g. 64000, {"allow": []})')
    .action(async (key: string, value: string) => {
      const {setSetting} = await import('../config/edit.js');
      await setSetting(key, value);
    });
  config
    .command('path')
    .description('print where the settings file is')
    .action(async () => {
      const {dataDirectory, settingsPath} = await import('../config/paths.js');
      print(settingsPath(dataDirectory()));
    });
}
