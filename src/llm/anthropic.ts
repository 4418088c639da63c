import {UsageError} from '../errors.js';
import type {ModelEvent, ModelRequest, Provider} from './types.js';

export type AnthropicOptions = {baseUrl: string; apiKey: string | undefined};

// Not built yet: the Anthropic Messages provider (issue 7). Choosing it fails at once with a
// clear message instead of sending requests in the wrong wire format.
export class AnthropicProvider implements Provider {
  readonly name = 'anthropic';

  constructor(readonly options: AnthropicOptions) {
    throw new UsageError('--provider anthropic is not built yet; use an OpenAI-compatible endpoint (--provider openai with --base-url).');
  }

  // eslint-disable-next-line require-yield -- the constructor refuses before this can run.
  async *stream(_request: ModelRequest, _signal: AbortSignal): AsyncGenerator<ModelEvent> {
    throw new UsageError('--provider anthropic is not built yet.');
  }
}
