import type {ProviderName} from '../config/index.js';
import {OpenAiProvider} from './openai.js';
import type {Provider} from './types.js';

export type ProviderOptions = {
  provider: ProviderName;
  baseUrl: string;
  apiKey: string | undefined;
};

/** The provider for a run; a provider's code loads only when it is chosen. */
export async function createProvider(options: ProviderOptions): Promise<Provider> {
  if (options.provider === 'anthropic') {
    const {AnthropicProvider} = await import('./anthropic.js');
    return new AnthropicProvider({baseUrl: options.baseUrl, apiKey: options.apiKey});
  }

  return new OpenAiProvider({baseUrl: options.baseUrl, apiKey: options.apiKey});
}

export type * from './types.js';
