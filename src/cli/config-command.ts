import type {Command} from 'commander';

function print(value: unknown): void {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
}

/** Reads one line typed on the terminal. */
async function askOnTerminal(question: string): Promise<string> {
  const {createInterface} = await import('node:readline/promises');
  const terminal = createInterface({input: process.stdin, output: process.stderr});
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/**
 * `alex config confirm`: shows what the settings file loosens since it was last confirmed and,
 * when a person at a terminal says yes, records it. Without a terminal it refuses: a command the
 * model runs has none, and must not be able to confirm its own change.
 */
async function confirmSettings(): Promise<void> {
  const [{UsageError}, {confirmReview, pendingReview}, {dataDirectory}, {visibleText}] = await Promise.all([import('../errors.js'), import('../config/confirmation.js'), import('../config/paths.js'), import('../terminal-text.js')]);
  const dataDir = dataDirectory();
  const review = pendingReview(dataDir);
  if (review.changes.length === 0) {
    confirmReview(dataDir, review);
    print(`Nothing to confirm: ${review.file} loosens nothing since its settings were last confirmed.`);
    return;
  }

  print([`${review.file} changed since its settings were last confirmed:`, ...review.changes.map(change => `  ${visibleText(change.text)}`)].join('\n'));
  if (!process.stdin.isTTY) {
    throw new UsageError('alex config confirm asks for a yes on a terminal, and stdin is not one; run it in a terminal, or set each key with alex config set.');
  }

  const answer = await askOnTerminal('Use these settings from now on? [y/N] ');
  if (/^y(es)?$/i.test(answer.trim())) {
    confirmReview(dataDir, review);
    print('Confirmed: alex uses these settings from now on.');
  } else {
    print('Not confirmed: runs keep the values confirmed before.');
  }
}

/** `alex config show|get|set|path|confirm`. */
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
    .command('confirm')
    .description('review a change to the settings file that loosens safety, made other than by alex config set, and accept it')
    .action(confirmSettings);
  config
    .command('path')
    .description('print where the settings file is')
    .action(async () => {
      const {dataDirectory, settingsPath} = await import('../config/paths.js');
      print(settingsPath(dataDirectory()));
    });
}
