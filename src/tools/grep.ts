import {alwaysSkipped, ripgrepPath} from './ripgrep.js';
import {grepWithJs} from './search-fallback.js';
import {toolError, type Tool} from './types.js';
import {resolveInWorkspace} from './workspace.js';

type Input = {pattern: string; path?: string; include?: string};

const maxMatches = 200;

async function grepWithRipgrep(rg: string, root: string, target: string | undefined, input: Input, signal: AbortSignal): Promise<string[]> {
  const {execa} = await import('execa');
  const skips = alwaysSkipped.flatMap(name => ['--glob', `!${name}`]);
  const include = input.include ? ['--glob', input.include] : [];
  const args = ['--line-number', '--no-heading', '--color=never', '--hidden', '--max-columns=500', '--max-columns-preview', ...skips, ...include, '-e', input.pattern, ...(target === undefined ? [] : ['--', target])];
  const result = await execa(rg, args, {cwd: root, stdin: 'ignore', cancelSignal: signal, reject: false, stripFinalNewline: true, maxBuffer: 20_000_000});
  if (result.exitCode === 2 && result.stdout === '') {
    throw new Error(result.stderr.trim().split('\n').slice(-3).join(' '));
  }

  return result.stdout === '' ? [] : result.stdout.split('\n');
}

export const grepTool: Tool<Input> = {
  spec: {
    name: 'grep',
    description: 'Search file contents with a regular expression (Rust regex syntax). Honours .gitignore and skips .git and node_modules. Returns path:line:text for each match.',
    parameters: {
      type: 'object',
      properties: {
        pattern: {type: 'string', description: 'Regular expression to search for.'},
        path: {type: 'string', description: 'File or folder to search, default the workspace.'},
        include: {type: 'string', description: 'Only files matching this glob, e.g. "*.ts".'},
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
    const target = await resolveInWorkspace(context.workspace, input.path ?? '.');
    const rg = await ripgrepPath();
    let matches: string[];
    try {
      if (rg) {
        const where = target.absolute === context.workspace ? undefined : target.inside ? target.display : target.absolute;
        matches = await grepWithRipgrep(rg, context.workspace, where, input, context.signal);
      } else {
        matches = await grepWithJs(target.absolute, new RegExp(input.pattern), input.include, maxMatches + 1, context.signal);
      }
    } catch (error) {
      context.signal.throwIfAborted();
      return toolError(`grep failed for pattern ${JSON.stringify(input.pattern)}: ${(error as Error).message}. Check the regular expression.`);
    }

    if (matches.length === 0) {
      return {content: `No matches for ${JSON.stringify(input.pattern)} in ${target.display}.`, summary: '0 matches'};
    }

    const more = matches.length > maxMatches ? `\n[more matches not shown; narrow the pattern or path]` : '';
    return {content: matches.slice(0, maxMatches).join('\n') + more, summary: `${matches.length > maxMatches ? `${maxMatches}+` : matches.length} matches`};
  },
};
