import type {Transport} from '@modelcontextprotocol/sdk/shared/transport.js';

export type RemoteSettings = {type: 'sse' | 'http'; url: string; headers?: Record<string, string>};

/**
 * The SDK's SSE or Streamable HTTP client transport, with its own reconnect loops switched off:
 * alex's supervisor reconnects instead (see supervisor.ts). The SSE transport's EventSource would
 * retry every 3 s on its own; it is closed at its first error. The HTTP transport gets
 * `maxRetries: 0`, so a dropped stream is reported at once instead of retried.
 */
export async function remoteTransport(settings: RemoteSettings): Promise<Transport> {
  const url = new URL(settings.url);
  const requestInit = settings.headers ? {headers: settings.headers} : undefined;
  if (settings.type === 'sse') {
    const {SSEClientTransport} = await import('@modelcontextprotocol/sdk/client/sse.js');
    return new SSEClientTransport(url, {requestInit});
  }

  const {StreamableHTTPClientTransport} = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return new StreamableHTTPClientTransport(url, {
    requestInit,
    reconnectionOptions: {maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 30_000, reconnectionDelayGrowFactor: 2},
  });
}

function causes(error: unknown): Array<Error & {code?: unknown}> {
  const chain: Array<Error & {code?: unknown}> = [];
  let current = error;
  while (current instanceof Error && chain.length < 5) {
    chain.push(current);
    current = current.cause;
  }

  return chain;
}

/** True when a transport error means the connection to a remote server is gone. */
export function isConnectionLoss(error: unknown): boolean {
  return causes(error).some(item => {
    const text = item.message;
    return item.name === 'SseError' || item.constructor.name === 'SseError' || /SSE error|SSE stream disconnected|Maximum reconnection attempts|fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|terminated/i.test(text) || item.code === 'ECONNREFUSED' || item.code === 'ECONNRESET';
  });
}

/** A short reason for a failed connection: "connection refused at URL" and the like. */
export function connectionReason(error: unknown, url: string): string {
  const chain = causes(error);
  if (chain.some(item => item.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(item.message))) {
    return `connection refused at ${url}`;
  }

  if (chain.some(item => item.code === 'ENOTFOUND' || /ENOTFOUND/.test(item.message))) {
    return `host not found: ${new URL(url).host}`;
  }

  if (chain.some(item => item.code === 'ECONNRESET' || /ECONNRESET|socket hang up|terminated/i.test(item.message))) {
    return `connection reset by ${url}`;
  }

  const deepest = chain.at(-1);
  return deepest ? deepest.message.replace(/\s+/g, ' ').slice(0, 300) : String(error);
}
