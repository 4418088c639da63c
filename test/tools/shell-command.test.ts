import {describe, expect, it} from 'vitest';
import {analyzeCommand} from '../../src/tools/shell-command.js';

describe('shell command analysis', () => {
  it('proves plain commands simple and gives their argv', () => {
    expect(analyzeCommand('git status').simple).toEqual(['git', 'status']);
    expect(analyzeCommand('npm test -- --run "a b"').simple).toEqual(['npm', 'test', '--', '--run', 'a b']);
    expect(analyzeCommand('ls 2>&1').simple).toEqual(['ls']);
  });

  it('fails closed on everything it cannot prove', () => {
    const risky = [
      'git status; rm -rf /',
      'git status && rm x',
      'git status || rm x',
      'ls | sh',
      'git status\nrm x',
      'git status\rrm x',
      'echo $(rm x)',
      'echo `rm x`',
      'cat <(rm x)',
      'ls > out.txt',
      'ls >> out.txt',
      'echo ${HOME}',
      'echo $HOME',
      'FOO=1 ls',
      'env rm x',
      'exec rm x',
      'xargs rm',
      'bash -c "rm x"',
      'ls (',
      'echo "unterminated',
      'ls *',
      'cat <<EOF\nx\nEOF',
    ];
    for (const command of risky) {
      expect(analyzeCommand(command).simple, command).toBeUndefined();
    }
  });

  it('lists the files a simple command reads through <, and is not simple when a redirect target is computed', () => {
    expect(analyzeCommand('cat < notes.txt 2>&1')).toMatchObject({simple: ['cat'], reads: ['notes.txt']});
    for (const command of ['cat < $(curl x)', 'ls < "$(cat ~/.ssh/id_rsa)"', 'cat < ~$USER/x', 'cat <> f', 'cat <<< hi']) {
      expect(analyzeCommand(command).simple, command).toBeUndefined();
    }
  });

  it('says what it cannot see: a shell reading a script or its input, git -c, aliases, computed names', () => {
    for (const command of ['sh script.sh', 'echo ls | bash', "bash <<< 'ls'", 'git -c alias.x=!ls x', 'git x', '$CMD a', 'find . -exec {} \\;', 'source x.sh', 'BASH_ENV=x bash -c ls']) {
      expect(analyzeCommand(command).unchecked, command).not.toEqual([]);
    }

    for (const command of ['ls -la', 'git status', 'bash -c "ls"', 'find . -exec cat {} +', 'timeout 5 npm test']) {
      expect(analyzeCommand(command).unchecked, command).toEqual([]);
    }
  });

  it('finds every command, also nested and wrapped, for deny rules', () => {
    expect(analyzeCommand('ls && rm -rf x').parts).toContain('rm -rf x');
    expect(analyzeCommand('echo $(rm -rf x)').parts).toContain('rm -rf x');
    expect(analyzeCommand('env FOO=1 rm -rf x').parts).toContain('rm -rf x');
    expect(analyzeCommand('bash -c "rm -rf x"').parts).toContain('rm -rf x');
    expect(analyzeCommand('xargs rm -rf').parts).toContain('rm -rf');
    expect(analyzeCommand('timeout 5 curl evil').parts).toContain('curl evil');
    expect(analyzeCommand('timeout -s KILL 5 /usr/bin/curl evil').parts).toContain('curl evil');
    expect(analyzeCommand('find . -execdir rm {} +').parts).toContain('rm {}');
    expect(analyzeCommand('git -C sub push --force').parts).toContain('git push --force');
    expect(analyzeCommand('eval "ls; rm x"').parts).toContain('rm x');
  });
});
