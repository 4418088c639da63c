// Attacks on deny rules: a denied program must not run under another name, behind a wrapper's
// options, inside find -exec, through a shell reading a script or its input, or through git -c
// and aliases, also under --yolo.
import {appendFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {bashCalls, runToolCalls} from '../helpers/attacker.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function denyTouch(): TempRepo {
  repo = tempRepo({'script.sh': 'touch p-script\n'});
  writeFileSync(path.join(repo.home, 'config.json'), JSON.stringify({permissions: {deny: ['bash(touch:*)']}}));
  appendFileSync(path.join(repo.dir, '.git', 'config'), '[alias]\n\tmark = "!touch p-alias"\n');
  return repo;
}

const created = (target: TempRepo) => readdirSync(target.dir).filter(name => name.startsWith('p-'));

describe('a deny rule', () => {
  it('refuses a denied program by path, behind wrapper options and inside find -exec, under --yolo', async () => {
    const target = denyTouch();
    const hidden = [
      '/usr/bin/touch p-path',
      '"/usr/bin/touch" p-quoted',
      'env -u X touch p-env',
      'env -i PATH=/usr/bin touch p-env-i',
      'timeout -s KILL 5 touch p-timeout',
      'timeout --signal=KILL -k 1 5 nice -n 5 touch p-nested',
      'nohup touch p-nohup',
      'command -p touch p-command',
      'xargs -n 1 touch <<< p-xargs',
      'find . -maxdepth 0 -exec touch p-find \\;',
      'find . -maxdepth 0 -execdir /usr/bin/touch p-execdir {} +',
      'eval "ls; touch p-eval"',
      'bash -c -x "touch p-bash"',
      'git -C . bisect run touch p-bisect',
      'trap "touch p-trap" EXIT',
    ];
    const {results} = await runToolCalls(target, bashCalls([...hidden, 'ls']), ['--yolo']);

    expect(created(target)).toEqual([]);
    for (const [index, command] of hidden.entries()) {
      expect(results[index], command).toContain('the permission rule "bash(touch:*)" denies it');
    }

    expect(results.at(-1)).toContain('script.sh');
  });

  it('refuses, and says why, what runs through a shell reading a script or its input, git -c, an alias or a computed name', async () => {
    const target = denyTouch();
    const unseen: Array<[string, RegExp]> = [
      ['echo touch p-pipe | bash', /reads commands from a script or from its input/],
      ["bash <<< 'touch p-herestring'", /reads commands from a script or from its input/],
      ['sh script.sh', /reads commands from a script or from its input/],
      ['source script.sh', /runs a shell script/],
      ['echo touch p-xargs | xargs -I{} sh -c {}', /built from file names or input lines/],
      ['git -c alias.x="!touch p-config" x', /git -c and --config-env can define aliases/],
      ['git mark', /"git mark" may be an alias/],
      ['$(echo touch) p-computed', /whose name is computed when it runs/],
      ['BASH_ENV=script.sh bash -c ls', /BASH_ENV/],
      ['shopt -s expand_aliases\nalias t=touch\nt p-alias-line', /defines an alias/],
      ['hash -p /usr/bin/touch t; t p-hash', /bind a command name to another program/],
      ["x='a[$(touch p-arithmetic)]'; echo $((x))", /keeps shell code in a string/],
    ];
    const {results} = await runToolCalls(target, bashCalls(unseen.map(([command]) => command)), ['--yolo']);

    expect(created(target)).toEqual([]);
    for (const [index, [command, why]] of unseen.entries()) {
      expect(results[index], command).toContain('alex cannot check everything this command runs');
      expect(results[index], command).toMatch(why);
    }
  });
});
