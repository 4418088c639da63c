// After a whole run that met secrets in every way it can (its own key, the environment, a file the
// model reads, a command's output, the prompt, the model's answer), no file alex wrote under its
// data folder holds one: sessions, debug logs, pins and settings records alike.
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attack, filesUnder} from '../helpers/attack.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** Distinctive parts of each secret: none may appear in any file, whatever the redaction kept. */
const needles = ['0123456789abcdef', 'IOSFODNN7', 'ENVSECRET', 'FILESECRET', 'PROMPTSECRET'];

describe('secrets under the data folder', () => {
  it('are in no file after a debug run that met them in the environment, a file, a command, the prompt and the answer', async () => {
    repo = tempRepo({'leak.txt': 'openai sk-proj-FILESECRET0000000000\naws AKIAFILESECRET000000\n'});
    const {result, results} = await attack(repo, [
      [{name: 'read_file', arguments: {path: 'leak.txt'}}],
      [{name: 'bash', arguments: {command: 'cat leak.txt; env'}}],
      [{name: 'grep', arguments: {pattern: 'sk-proj'}}],
    ], {
      args: ['--debug', '--yolo'],
      prompt: 'use sk-proj-PROMPTSECRET0000000000 to deploy',
      answer: 'Deployed with sk-proj-FILESECRET0000000000 and AKIAFILESECRET000000.',
      env: {AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', DEPLOY_TOKEN: 'sk-proj-ENVSECRET00000000000'},
    });
    const listed = await runAlex(['sessions', 'list', '--all'], {cwd: repo.dir, home: repo.home});

    expect(result.exitCode).toBe(0);
    expect(results[1]).toContain('DEPLOY_TOKEN=');
    expect(results[1]).not.toContain('OPENAI_API_KEY');
    const files = filesUnder(repo.home);
    expect(Object.keys(files).some(name => name.startsWith('sessions'))).toBe(true);
    expect(Object.keys(files).some(name => name.startsWith(`logs${path.sep}`))).toBe(true);
    for (const [name, text] of Object.entries({...files, 'sessions list': listed.stdout, stderr: result.stderr})) {
      for (const needle of needles) {
        expect(text.includes(needle), `${needle} in ${name}`).toBe(false);
      }
    }

    expect(Object.values(files).join('\n')).toMatch(/\[REDACTED:(openai|aws)-key\]/);
  });
});
