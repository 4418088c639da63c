// Sessions when the disk refuses: a full disk is played by a file-size limit (`ulimit -f` in the
// shell that starts alex, so writes past it fail with EFBIG), which needs neither root nor a mount.
import {mkdirSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {alexBin, runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

/**
 * Runs alex with every file it writes limited to `blocks` blocks (512 or 1024 bytes, by shell);
 * 0 refuses the first byte. Pipes are not files, so stdout and stderr are not limited.
 */
function runWithFileLimit(blocks: number, args: string[], baseUrl?: string) {
  return execa('sh', ['-c', 'ulimit -f "$0" && exec "$@"', String(blocks), process.execPath, alexBin, ...args], {
    cwd: repo!.dir,
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    extendEnv: false,
    env: {PATH: process.env.PATH, HOME: repo!.home, ALEX_HOME: repo!.home, OPENAI_API_KEY: 'sk-test-key-0123456789abcdef', ...(baseUrl && {OPENAI_BASE_URL: baseUrl})},
  });
}

function sessionFiles(): string[] {
  return readdirSync(path.join(repo!.home, 'sessions')).sort();
}

describe('sessions on a full disk', () => {
  it('leaves no temporary file behind when the lock or the transcript cannot be written', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'Answered anyway.'}], {loop: true});

    // No byte fits: taking the lock fails, again on every retry.
    const noLock = await runWithFileLimit(0, ['a question'], fake.url);
    expect(noLock.stdout).toBe('Answered anyway.');
    expect(noLock.stderr).toMatch(/^alex: warning: cannot save session .*EFBIG/);
    expect(sessionFiles()).toEqual([]);

    // The lock fits, the transcript (header and a 4 KB prompt) does not.
    const noTranscript = await runWithFileLimit(1, [`a long question ${'x'.repeat(4000)}`], fake.url);
    expect(noTranscript.stdout).toBe('Answered anyway.');
    expect(noTranscript.stderr).toMatch(/^alex: warning: cannot save session .*EFBIG/);
    expect(noTranscript.stderr).toMatch(/\nalex: warning: session .* is not saved whole: the last \d+ records could not be written to .* before alex exited \(EFBIG/);
    expect(sessionFiles()).toEqual([]);
  });

  it('leaves no temporary file behind when a summary cannot be put in place', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'one'}, {text: 'two'}]);
    const options = {cwd: repo.dir, home: repo.home, baseUrl: fake.url};
    const id = JSON.parse((await runAlex(['--output-format', 'json', 'first'], options)).stdout).session_id as string;
    // A folder where the summary goes: writing the temporary file works, renaming it over the folder does not.
    const summary = path.join(repo.home, 'sessions', `${id}.summary.json`);
    rmSync(summary);
    mkdirSync(summary);

    const resumed = await runAlex(['-r', id, 'second'], options);
    const listed = await runAlex(['sessions', 'list', '--json'], options);

    expect(resumed.stdout).toBe('two');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({id, messages: 4})]);
    expect(sessionFiles()).toEqual([`${id}.jsonl`, `${id}.summary.json`]);
  });
});
