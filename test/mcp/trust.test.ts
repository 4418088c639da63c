import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {folderTrust, recordFolderTrust, trustFilePath} from '../../src/mcp/trust.js';
import {mcpHarness, nodeServer, stateOf, until, type Harness} from '../helpers/mcp.js';

let root: string | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  if (root) {
    rmSync(root, {recursive: true, force: true});
  }

  root = undefined;
  harness = undefined;
});

function folders() {
  root = mkdtempSync(path.join(os.tmpdir(), 'alex-trust-'));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  mkdirSync(project);
  return {home, project};
}

describe('folder trust', () => {
  it('is unknown until answered, then remembered in a file only its owner can read', () => {
    const {home, project} = folders();
    expect(folderTrust(home, project)).toBe('unknown');

    recordFolderTrust(home, project, true);
    expect(folderTrust(home, project)).toBe('trusted');
    expect(statSync(trustFilePath(home)).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(trustFilePath(home), 'utf8')).folders)).toEqual([project]);

    recordFolderTrust(home, project, false);
    expect(folderTrust(home, project)).toBe('untrusted');
  });

  it('trusts nothing when the file is broken', () => {
    const {home, project} = folders();
    mkdirSync(home);
    writeFileSync(trustFilePath(home), '{"folders": ');
    expect(folderTrust(home, project)).toBe('unknown');
  });

  it('keeps project servers stopped until the folder is trusted, then starts them', async () => {
    harness = mcpHarness();
    const servers = harness.open([nodeServer('mine', 'hang.js'), nodeServer('theirs', 'hang.js', {}, 'project')], {trustProject: false});
    await until(servers, () => stateOf(servers, 'mine').status === 'ready');
    expect(stateOf(servers, 'theirs')).toEqual({status: 'untrusted'});
    expect(servers.needsTrust()).toBe(true);
    expect(servers.projectTrust()).toBe('unknown');

    servers.setProjectTrust(true);
    await until(servers, () => stateOf(servers, 'theirs').status === 'ready');
    expect(servers.projectTrust()).toBe('trusted');
    expect(servers.needsTrust()).toBe(false);
  });
});
