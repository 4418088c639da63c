import path from 'node:path';
import {deniedFiles, deniedNote} from './denied-files.js';
import {fileMatcher} from './file-pattern.js';
import {ripgrepPath, runRipgrep, searchTimeoutMs, type FindRipgrep} from './ripgrep.js';
import {grepWithJs, listFilesWithJs, type SearchedFile} from './search-fallback.js';
import {toolError, type Tool, type ToolContext, type ToolResult} from './types.js';
import {fileKind, resolveInWorkspace} from './workspace.js';

type Input = {pattern: string; path?: string; include?: string};

/** What grep searches: a folder, whose files are shown below `display`, or one file shown as `display`. */
type Target = {absolute: string; display: string; isFolder: boolean};

const maxMatches = 200;

function shownPath(target: Target, file: string): string {
  if (!target.isFolder) {
    return target.display;
  }

  return target.display === '.' ? file : path.join(target.display, file);
}

/**
 * Narrows rg to the include pattern with a file type: unlike a `--glob`, a type leaves the
 * ignore files in force. A type matches file names only, so an include with "/" is applied to
 * rg's output alone; one with ":" would read as a type definition ("name:include:other").
 */
function typeFilter(include: string | undefined): string[] {
  if (!include || include.includes('/') || include.includes(':')) {
    return [];
  }

  return ['--type-add', `alexinclude:${include}`, '-t', 'alexinclude'];
}

type Match = {shown: string; line: number; text: string};

/** One `path\0line:text` line of `rg --null`; the NUL keeps paths with ":" apart from the line. */
function parseMatch(target: Target, output: string): Match & {file: string} {
  const nul = output.indexOf('\0');
  const file = output.slice(0, nul);
  const rest = output.slice(nul + 1);
  const shown = shownPath(target, file);

  return {file, shown, line: Number.parseInt(rest, 10), text: `${shown}:${rest}`};
}

function byPathAndLine(a: Match, b: Match): number {
  return a.shown === b.shown ? a.line - b.line : a.shown < b.shown ? -1 : 1;
}

/** Matches, and how many files deny rules left out of them. */
type Found = {matches: string[]; denied: number};

async function grepWithRipgrep(rg: string, target: Target, input: Input, context: ToolContext, signal: AbortSignal): Promise<Found> {
  const include = target.isFolder ? input.include : undefined;
  const cwd = target.isFolder ? target.absolute : path.dirname(target.absolute);
  const file = target.isFolder ? [] : ['--', path.basename(target.absolute)];
  const args = ['--line-number', '--with-filename', '--null', '--no-heading', '--color=never', '--max-columns=500', '--max-columns-preview', ...typeFilter(include), '-e', input.pattern, ...file];
  const result = await runRipgrep(rg, args, cwd, signal);
  if (result.exitCode === 2 && result.stdout === '') {
    // The type filter let no file through: there is nothing to match, which is not a failure.
    if (result.stderr.includes('No files were searched')) {
      return {matches: [], denied: 0};
    }

    throw new Error(result.stderr.replace(/\s+/g, ' ').trim().slice(0, 300));
  }

  const matches = include ? await fileMatcher(include) : () => true;
  const found = result.stdout.split('\n').filter(Boolean).map(line => parseMatch(target, line)).filter(match => matches(match.file));
  const absolute = (match: {file: string}) => path.resolve(cwd, match.file);
  const denied = await deniedFiles(found.map(absolute), context);
  const allowed = found.filter(match => !denied.has(absolute(match)));
  return {matches: allowed.sort(byPathAndLine).map(match => match.text), denied: denied.size};
}

async function filesToSearch(target: Target, include: string | undefined, signal: AbortSignal): Promise<SearchedFile[]> {
  if (!target.isFolder) {
    return [{absolute: target.absolute, shown: target.display}];
  }

  const [files, matches] = await Promise.all([listFilesWithJs(target.absolute, signal), fileMatcher(include ?? '*')]);
  const included = files.filter(file => matches(file)).sort();
  return included.map(file => ({absolute: path.join(target.absolute, file), shown: shownPath(target, file)}));
}

async function grepWithJavaScript(target: Target, input: Input, context: ToolContext, signal: AbortSignal): Promise<Found> {
  const regex = new RegExp(input.pattern);
  const files = await filesToSearch(target, input.include, signal);
  const denied = await deniedFiles(files.map(file => file.absolute), context);
  const allowed = files.filter(file => !denied.has(file.absolute));
  return {matches: await grepWithJs(allowed, regex, maxMatches + 1, signal), denied: denied.size};
}

function failure(pattern: string, error: unknown): ToolResult {
  const message = (error as Error).message;
  const hint = /regex parse error|invalid regular expression/i.test(message) ? ' Check the regular expression.' : '';
  return toolError(`grep failed for pattern ${JSON.stringify(pattern)}: ${message}.${hint}`);
}

/** The file or folder to search, or the error result for a path that is neither. */
async function targetOf(input: Input, workspace: string): Promise<Target | ToolResult> {
  const resolved = await resolveInWorkspace(workspace, input.path ?? '.');
  const kind = await fileKind(resolved.absolute);
  if (kind === 'missing') {
    return toolError(`${resolved.display} does not exist. Pass an existing file or folder as path.`);
  }

  if (kind === 'other') {
    // rg would wait for a writer on a FIFO forever.
    return toolError(`${resolved.display} is not a regular file or folder (a FIFO, socket or device); grep searches files and folders.`);
  }

  return {absolute: resolved.absolute, display: resolved.display, isFolder: kind === 'directory'};
}

function report({matches, denied}: Found, input: Input, target: Target): ToolResult {
  if (matches.length === 0) {
    return {content: `No matches for ${JSON.stringify(input.pattern)} in ${target.display}.${deniedNote(denied)}`, summary: '0 matches'};
  }

  const more = matches.length > maxMatches ? `\n[more matches not shown; narrow the pattern or path]` : '';
  return {content: matches.slice(0, maxMatches).join('\n') + more + deniedNote(denied), summary: `${matches.length > maxMatches ? `${maxMatches}+` : matches.length} matches`};
}

/** The grep tool, searching with the ripgrep that `findRipgrep` finds, or in JavaScript without one. */
export function createGrepTool(findRipgrep: FindRipgrep): Tool<Input> {
  return {
    spec: {
      name: 'grep',
      description: 'Search file contents with a regular expression (Rust regex syntax). Honours .gitignore and skips .git and node_modules. Returns path:line:text for each match.',
      parameters: {
        type: 'object',
        properties: {
          pattern: {type: 'string', description: 'Regular expression to search for.'},
          path: {type: 'string', description: 'File or folder to search, default the workspace.'},
          include: {type: 'string', description: 'Only files matching this glob, e.g. "*.ts"; a glob without "/" matches at any depth.'},
        },
        required: ['pattern'],
      },
    },
    readOnly: true,
    async access(input, context) {
      const resolved = await resolveInWorkspace(context.workspace, input.path ?? '.');
      return {kind: 'read', paths: [resolved.absolute]};
    },
    async run(input, context) {
      const target = await targetOf(input, context.workspace);
      if ('content' in target) {
        return target;
      }

      const deadline = AbortSignal.timeout(searchTimeoutMs);
      const signal = AbortSignal.any([context.signal, deadline]);
      try {
        const rg = await findRipgrep();
        const found = rg ? await grepWithRipgrep(rg, target, input, context, signal) : await grepWithJavaScript(target, input, context, signal);
        return report(found, input, target);
      } catch (error) {
        context.signal.throwIfAborted();
        if (deadline.aborted) {
          return toolError(`grep stopped after ${searchTimeoutMs / 1000} s without finishing; search a smaller folder (path) or fewer files (include).`);
        }

        return failure(input.pattern, error);
      }
    },
  };
}

export const grepTool = createGrepTool(ripgrepPath);
