// Error text comes from places alex does not control (an endpoint's error body, a settings file,
// an argument): what reaches the terminal's stderr must not carry a live escape sequence that
// could write the clipboard (OSC 52), retitle the window or clear the screen.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

const hostile = 'bad \u001B]52;c;ZXZpbA==\u0007 \u001B]0;TITLE\u0007 \u001B[2J done';

/** No ESC, BEL or 8-bit control: nothing a terminal would act on. */
function expectInert(text: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what must be absent.
  expect(text).not.toMatch(/[\u001B\u0007\u0080-\u009F]/);
}

describe('errors printed to stderr', () => {
  it.each(['text', 'json', 'stream-json'])('shows an endpoint error body inert (--output-format %s)', async format => {
    repo = tempRepo();
    fake = await startFakeModel([{status: 400, body: {error: {message: hostile}}}]);
    const result = await runAlex(['--debug', '--output-format', format, 'hi'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url});

    expect(result.exitCode).toBe(1);
    expectInert(result.stderr);
    expectInert(result.stdout);
    expect(result.stderr).toContain('bad ^[]52;c;ZXZpbA==^G ^[]0;TITLE^G ^[[2J done');
  });

  it('shows a settings problem inert, quoting the key that is wrong', async () => {
    repo = tempRepo();
    writeFileSync(path.join(repo.home, 'config.json'), JSON.stringify({permissions: {[hostile]: []}}));
    const result = await runAlex(['hi'], {cwd: repo.dir, home: repo.home});

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/config\.json: permissions\.bad \^\[\]52;c;ZXZpbA==\^G .*: expected only "allow" and "deny"/);
    expectInert(result.stderr);
  });

  it('shows a bad argument inert in the usage error', async () => {
    repo = tempRepo();
    const results = await Promise.all([['--approval', hostile], ['sessions', 'show', hostile], ['sessions', hostile]].map(args => runAlex(args, {cwd: repo!.dir, home: repo!.home})));

    for (const result of results) {
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('^[]52;c;ZXZpbA==^G');
      expectInert(result.stderr);
    }
  });
});
