import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
let proxy: net.Server | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
  proxy?.close();
});

/** A CONNECT proxy on loopback that records the targets it tunnels to. */
async function startProxy(targets: string[]): Promise<string> {
  proxy = net.createServer(client => {
    client.once('data', head => {
      const [, target] = /^CONNECT (\S+) HTTP/.exec(head.toString()) ?? [];
      if (!target) {
        client.destroy();
        return;
      }

      targets.push(target);
      const [host, port] = target.split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>(resolve => proxy!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy!.address() as net.AddressInfo).port}`;
}

describe('proxies', () => {
  it('sends model requests through HTTP_PROXY', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'via proxy'}]);
    const targets: string[] = [];
    const proxyUrl = await startProxy(targets);
    const result = await runAlex(['go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url, env: {HTTP_PROXY: proxyUrl}});
    expect(result.stdout).toBe('via proxy');
    expect(targets).toEqual([new URL(fake.url).host]);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    repo = tempRepo();
    fake = await startFakeModel([{text: 'direct'}]);
    const targets: string[] = [];
    const proxyUrl = await startProxy(targets);
    const result = await runAlex(['go'], {cwd: repo.dir, home: repo.home, baseUrl: fake.url, env: {HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1'}});
    expect(result.stdout).toBe('direct');
    expect(targets).toEqual([]);
  });
});
