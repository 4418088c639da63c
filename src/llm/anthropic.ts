// The Anthropic Messages API over the same node:http client and SSE parser as the other provider,
// not @anthropic-ai/sdk: importing SDK 1.16 alone takes 0.30 s and 23 MB more than bare Node on
// the 2-core machine alex is measured on, and the SDK speaks through fetch (undici), which costs
// about 0.2 s and 40 MB more on first use. This provider's chunk is 6 KB and loads only for
// `--provider anthropic`.
import {MessagesParser} from './anthropic-reply.js';
import {toMessagesBody} from './anthropic-request.js';
import {streamReply} from './reply-stream.js';
import type {ModelEvent, ModelRequest, Provider} from './types.js';

export type AnthropicOptions = {
  /** The API origin, e.g. https://api.anthropic.com; a trailing /v1 is accepted too. */
  baseUrl: string;
  apiKey: string | undefined;
  /** Attempts after the first for retryable failures. Default 5. */
  retries?: number;
  /** First backoff wait in ms. Default 500. */
  minRetryDelayMs?: number;
  /** Longest silence inside a reply stream before it counts as broken, in ms. Default 120000, or ALEX_STREAM_IDLE_TIMEOUT_MS. */
  streamIdleTimeoutMs?: number;
};

/** The API version alex speaks; see https://docs.anthropic.com/en/api/versioning. */
const apiVersion = '2023-06-01';

/** The Anthropic Messages provider: Claude models, directly or through gateways that speak the same API. */
export class AnthropicProvider implements Provider {
  readonly name = 'anthropic';
  private readonly url: string;

  constructor(private readonly options: AnthropicOptions) {
    // The SDKs take the origin, but a base URL copied from OpenAI-style settings often ends in /v1.
    const base = options.baseUrl.replace(/\/v1$/, '');
    this.url = `${base}/v1/messages`;
  }

  stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const headers: Record<string, string> = {accept: 'text/event-stream', 'anthropic-version': apiVersion};
    if (this.options.apiKey) {
      headers['x-api-key'] = this.options.apiKey;
    }

    const endpoint = this.options.baseUrl;
    return streamReply(
      {
        url: this.url,
        headers,
        body: toMessagesBody(request),
        endpoint,
        model: request.model,
        keyVariable: 'ANTHROPIC_API_KEY',
        parser: () => new MessagesParser(endpoint),
        retries: this.options.retries,
        minDelayMs: this.options.minRetryDelayMs,
        idleTimeoutMs: this.options.streamIdleTimeoutMs,
      },
      signal,
    );
  }
}
