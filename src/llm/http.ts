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
  /** Longest silence between two pieces of the response body, in ms. Default defaultIdleTimeoutMs(). */
  idleTimeoutMs?: number;
};

/**
 * The idle timeout of a response body: 120 s, or ALEX_STREAM_IDLE_TIMEOUT_MS when set, which
 * the end-to-end tests use to stall a stream for less than two minutes.
 */
export function defaultIdleTimeoutMs(): number {
  const fromEnv = Number(process.env.ALEX_STREAM_IDLE_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 120_000;
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), {code: 'ETIMEDOUT'});
}

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
  const headerTimeoutMs = options.headerTimeoutMs ?? 120_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? defaultIdleTimeoutMs();

  return new Promise<HttpResponse>((resolve, reject) => {
    const request = transport.request(url, {
      method: 'POST',
      agent,
      headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), ...options.headers},
      signal: options.signal,
    });
    let response: http.IncomingMessage | undefined;
    // One socket timeout: first until the headers, then between any two pieces of the body, so
    // a stream that stalls fails (and is retried before any output) instead of hanging.
    request.setTimeout(headerTimeoutMs, () => {
      if (response) {
        response.destroy(timeoutError(`no data from ${url.host} for ${idleTimeoutMs / 1000} s`));
      } else {
        request.destroy(timeoutError(`no response from ${url.host} within ${headerTimeoutMs / 1000} s`));
      }
    });
    request.once('response', received => {
      response = received;
      request.setTimeout(idleTimeoutMs);
      resolve({status: received.statusCode ?? 0, headers: received.headers, body: received});
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
