import type {Command} from 'commander';
import {UsageError} from '../errors.js';
import {inertText} from '../terminal-text.js';

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function warn(line: string): void {
  process.stderr.write(`alex: warning: ${inertText(line)}\n`);
}

async function store() {
  const [session, {dataDirectory}] = await Promise.all([import('../session/index.js'), import('../config/paths.js')]);
  return {session, dataDir: dataDirectory()};
}

async function listAction(options: {json?: boolean; all?: boolean}): Promise<void> {
  const {session, dataDir} = await store();
  const summaries = session.listSessions(dataDir, options.all ? {} : {directory: process.cwd()});
  if (options.json) {
    print(JSON.stringify(summaries, null, 2));
    return;
  }

  if (summaries.length === 0) {
    process.stderr.write(options.all ? 'No sessions yet.\n' : `No sessions in ${process.cwd()}; alex sessions list --all shows every directory.\n`);
    return;
  }

  const {sessionTable} = await import('../ui/session-view.js');
  print(sessionTable(summaries, options.all ?? false));
}

async function showAction(prefix: string, options: {json?: boolean}): Promise<void> {
  const {session, dataDir} = await store();
  const loaded = session.loadSession(dataDir, session.resolveSessionId(dataDir, prefix));
  for (const line of loaded.warnings) {
    warn(line);
  }

  if (options.json) {
    print(JSON.stringify([loaded.header, ...loaded.records], null, 2));
    return;
  }

  const {transcriptText} = await import('../ui/session-view.js');
  print(transcriptText(loaded.header, loaded.records));
}

async function confirm(question: string): Promise<boolean> {
  const {createInterface} = await import('node:readline/promises');
  const reader = createInterface({input: process.stdin, output: process.stdout});
  try {
    const answer = await reader.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    reader.close();
  }
}

async function deleteAction(prefix: string, options: {yes?: boolean}): Promise<void> {
  const {session, dataDir} = await store();
  const id = session.resolveSessionId(dataDir, prefix);
  if (!options.yes) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError(`alex sessions delete: not on a terminal, so it cannot ask for confirmation; pass --yes to delete session ${id}.`);
    }

    const summary = session.listSessions(dataDir).find(item => item.id === id);
    const what = summary ? `"${summary.title}" (${summary.messages} messages, ${summary.directory})` : '';
    if (!(await confirm(`Delete session ${id} ${what}?`))) {
      process.stderr.write('Nothing deleted.\n');
      return;
    }
  }

  session.deleteSession(dataDir, id);
  process.stderr.write(`Deleted session ${id}.\n`);
}

/** `alex sessions list|show|resume|delete`; `resume` runs like `alex -r <id> [prompt]` through `resume`. */
export function addSessionsCommand(program: Command, resume: (id: string, words: string[]) => Promise<void>): void {
  const sessions = program.command('sessions').description('list, show, resume and delete the sessions kept under the data folder');
  sessions
    .command('list')
    .description('sessions of this directory, newest first')
    .option('--json', 'print an array of summaries')
    .option('--all', 'sessions of every directory')
    .action(listAction);
  sessions
    .command('show <id>')
    .description("one session's transcript (an id or a unique prefix of one)")
    .option('--json', 'print the records')
    .action(showAction);
  sessions
    .command('resume <id> [prompt...]')
    .description('continue a session, as alex -r <id> [prompt]')
    .action(async (id: string, words: string[]) => resume(id, words));
  sessions
    .command('delete <id>')
    .description('delete one session; asks first on a terminal, elsewhere needs --yes')
    .option('-y, --yes', 'delete without asking')
    .action(deleteAction);
}
