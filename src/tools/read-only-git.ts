import {existsSync, readFileSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {gitSubcommandIndex} from './read-only-commands.js';
import {isWithin} from './workspace.js';

/**
 * A read-only git command that alex runs without asking must not run anything the repository
 * set up: `core.fsmonitor`, `diff.external`, textconv and filter drivers, hooks, and whatever
 * git adds next. Turning those off one by one cannot be made airtight (filter drivers have any
 * name, `.gitmodules` overrides `diff.ignoreSubmodules`, new keys appear), so it is an allowlist:
 * the command runs without asking only when every setting of the repository's own configuration
 * (local and worktree scope, includes too) is one known to run nothing, and the git folder is
 * the workspace's own. The user's global and system settings are theirs and are trusted.
 *
 * What the repository can still bring without any setting is switched off in how the command
 * runs: hooks (`post-index-change` runs on `git status`), submodules (their configuration is
 * not checked, so git must not enter them), and, for good measure, external diff and textconv
 * programs from the user's own settings.
 */

/** Repository settings that run no program and point git nowhere outside the repository. */
const inertKeys = [
  /^core\.(?:repositoryformatversion|filemode|bare|logallrefupdates|ignorecase|precomposeunicode|symlinks|autocrlf|eol|safecrlf|quotepath|checkstat|trustctime|splitindex|untrackedcache|commitgraph|multipackindex|sparsecheckout|sparsecheckoutcone|longpaths|abbrev|compression|loosecompression|bigfilethreshold|whitespace)$/,
  /^remote\..+\.(?:url|pushurl|fetch|push|tagopt|prune|prunetags|mirror|promisor|partialclonefilter)$/,
  /^branch\..+\.(?:remote|merge|rebase|pushremote|description)$/,
  /^submodule\..+\.(?:url|active|branch)$/,
  /^extensions\.(?:objectformat|worktreeconfig|partialclone|refstorage|preciousobjects|noop)$/,
  /^(?:user\.name|user\.email|init\.defaultbranch|remote\.pushdefault|pull\.rebase|pull\.ff|push\.default|push\.autosetupremote|fetch\.prune|gc\.auto|index\.version|lfs\.repositoryformatversion)$/,
];

/** Flags each read-only subcommand runs with; a later flag of the model's could undo them, so risky-options.ts refuses those. */
const diffFlags = ['--no-ext-diff', '--no-textconv', '--ignore-submodules=all'];
const subcommandFlags: Record<string, string[]> = {status: ['--ignore-submodules=all'], diff: diffFlags, log: diffFlags, show: diffFlags, blame: ['--no-textconv']};

/** Settings given through the environment, which override every configuration file. */
const hardeningEnv: Record<string, string> = {
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'core.hooksPath',
  GIT_CONFIG_VALUE_0: '/dev/null',
  GIT_CONFIG_KEY_1: 'core.fsmonitor',
  GIT_CONFIG_VALUE_1: 'false',
  // `git status` then does not write the index, which is what runs post-index-change.
  GIT_OPTIONAL_LOCKS: '0',
};

async function git(args: string[], workspace: string): Promise<{ok: boolean; stdout: string; stderr: string}> {
  const {execa} = await import('execa');
  const result = await execa('git', args, {cwd: workspace, reject: false, stdin: 'ignore', timeout: 10_000, env: hardeningEnv});
  return {ok: result.exitCode === 0, stdout: String(result.stdout), stderr: String(result.stderr)};
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** A linked worktree's git folder lives in the main repository; it is the workspace's own when it points back at it. */
function isOwnWorktree(gitDir: string, workspace: string): boolean {
  try {
    const back = readFileSync(path.join(gitDir, 'gitdir'), 'utf8').trim();
    return realPath(path.resolve(gitDir, back)) === realPath(path.join(workspace, '.git'));
  } catch {
    return false;
  }
}

async function locationProblem(workspace: string): Promise<string | undefined> {
  const located = await git(['rev-parse', '--absolute-git-dir', '--git-common-dir', '--show-cdup'], workspace);
  if (!located.ok) {
    return /not a git repository/.test(located.stderr) ? undefined : `git could not read the repository (${located.stderr.trim().split('\n', 1)[0]})`;
  }

  const [gitDir = '', commonDir = '', up = ''] = located.stdout.split('\n');
  const common = path.resolve(workspace, commonDir);
  if (up.trim() !== '') {
    return 'the repository starts above the workspace, so git would read outside it';
  }

  // A git folder inside the workspace may still borrow a common folder or objects from elsewhere.
  const inside = isWithin(workspace, realPath(gitDir)) && isWithin(workspace, realPath(common));
  if (!inside && !isOwnWorktree(gitDir, workspace)) {
    return `git would read its repository from outside the workspace (${gitDir === common ? gitDir : `${gitDir}, ${common}`})`;
  }

  return existsSync(path.join(common, 'objects', 'info', 'alternates')) ? 'the repository borrows objects from elsewhere (objects/info/alternates)' : undefined;
}

/** The first setting of the repository's own configuration that is not known to run nothing. */
async function settingProblem(workspace: string): Promise<string | undefined> {
  const listed = await git(['config', '--list', '--show-scope', '-z'], workspace);
  if (!listed.ok) {
    return `git could not read the repository's configuration (${listed.stderr.trim().split('\n', 1)[0]})`;
  }

  const fields = listed.stdout.split('\0');
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const scope = fields[index]!;
    const key = fields[index + 1]!.split('\n', 1)[0]!.toLowerCase();
    if ((scope === 'local' || scope === 'worktree') && !inertKeys.some(pattern => pattern.test(key))) {
      return `the repository's git configuration sets ${key}, and only settings known to run nothing are allowed without asking`;
    }
  }

  return undefined;
}

/** Why a read-only git command might run something the repository set up; undefined when it cannot. */
export async function gitRepositoryProblem(workspace: string): Promise<string | undefined> {
  return (await locationProblem(workspace)) ?? (await settingProblem(workspace));
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** How a read-only git command (argv) runs when alex runs it without asking: the command line and the environment to add. */
export function hardenedGit(argv: string[]): {command: string; env: Record<string, string>} {
  const at = gitSubcommandIndex(argv);
  const flags = subcommandFlags[argv[at] ?? ''] ?? [];
  const words = [...argv.slice(0, at + 1), ...flags, ...argv.slice(at + 1)];

  return {command: words.map(word => shellQuote(word)).join(' '), env: hardeningEnv};
}
