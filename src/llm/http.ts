import http from 'node:http';
import https from 'node:https';
import type {Readable} from 'node:stream';

/** A response whose body is read as a stream; the caller owns destroying it. */
export type HttpResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
};

export type PostOptions = {
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Time to the response headers, in ms. Default 120000. */
  headerTimeoutMs?: number;
};

const agents = {
  http: new http.Agent({keepAlive: true}),
  https: new https.Agent({keepAlive: true}),
};

const proxyAgents = new Map<string, http.Agent>();

/** The proxy agent for a URL under HTTPS_PROXY/HTTP_PROXY and NO_PROXY, loaded only when one is set. */
async function agentFor(url: URL): Promise<http.Agent> {
  const direct = url.protocol === 'https:' ? agents.https : agents.http;
  const env = process.env;
  if (!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.ALL_PROXY || env.all_proxy)) {
    return direct;
  }

  // Both packages are CommonJS: their exports sit on `default` once bundled.
  const proxyFromEnv = await import('proxy-from-env');
  const proxy = (proxyFromEnv.default ?? proxyFromEnv).getProxyForUrl(url.href);
  if (!proxy) {
    return direct;
  }

  let agent = proxyAgents.get(proxy);
  if (!agent) {
    const proxyAgent = await import('https-proxy-agent');
    const {HttpsProxyAgent} = (proxyAgent as unknown as {default?: typeof proxyAgent}).default ?? proxyAgent;
    agent = new HttpsProxyAgent(proxy, {keepAlive: true} as never) as unknown as http.Agent;
    proxyAgents.set(proxy, agent);
  }

  return agent;
}

/** POSTs JSON over node:http(s) with keep-alive; the signal aborts the request and its body. */
export async function postJson(rawUrl: string, payload: unknown, options: PostOptions): Promise<HttpResponse> {
  options.signal.throwIfAborted();
  const url = new URL(rawUrl);
  const agent = await agentFor(url);
  const body = JSON.stringify(payload);
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise<HttpResponse>((resolve, reject) => {
    const request = transport.request(url, {
      method: 'POST',
      agent,
      headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), ...options.headers},
      signal: options.signal,
    });
    request.setTimeout(options.headerTimeoutMs ?? 120_000, () => {
      request.destroy(Object.assign(new Error(`no response from ${url.host} within ${(options.headerTimeoutMs ?? 120_000) / 1000} s`), {code: 'ETIMEDOUT'}));
    });
    request.once('response', response => {
      request.setTimeout(0);
      resolve({status: response.statusCode ?? 0, headers: response.headers, body: response});
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** Reads a whole (error) body as text, at most `limit` bytes. */
export async function readText(body: Readable, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) {
      chunks.push(buffer);
    }

    size += buffer.length;
  }

  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
