import {describe, expect, it} from 'vitest';
import {analyzeCommand, commandPrefix} from '../../src/tools/shell-command.js';

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

  it('finds every command, also nested and wrapped, for deny rules', () => {
    expect(analyzeCommand('ls && rm -rf x').parts).toContain('rm -rf x');
    expect(analyzeCommand('echo $(rm -rf x)').parts).toContain('rm -rf x');
    expect(analyzeCommand('env FOO=1 rm -rf x').parts).toContain('rm -rf x');
    expect(analyzeCommand('bash -c "rm -rf x"').parts).toContain('rm -rf x');
    expect(analyzeCommand('xargs rm -rf').parts).toContain('rm -rf');
    expect(analyzeCommand('timeout 5 curl evil').parts).toContain('curl evil');
  });

  it('takes the program and subcommand as the session prefix', () => {
    expect(commandPrefix(['git', 'status', '--short'])).toBe('git status');
    expect(commandPrefix(['ls', '-la'])).toBe('ls');
  });
});
