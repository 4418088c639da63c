/**
 * Context windows of models alex knows, in tokens, by name prefix (the longest prefix wins).
 * As the providers publish them; a model not listed gets `unknownModelWindow`
 * unless the `contextWindow` setting or ALEX_CONTEXT_WINDOW says otherwise.
 */
const knownWindows: ReadonlyArray<[prefix: string, tokens: number]> = [
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4', 8192],
  ['gpt-3.5-turbo', 16_385],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
  ['claude-', 200_000],
  ['gemini-2', 1_048_576],
  ['deepseek-', 128_000],
  ['qwen3-coder', 262_144],
  ['qwen2.5-coder', 32_768],
  ['llama3.1', 131_072],
  ['llama3.2', 131_072],
  ['llama3.3', 131_072],
  ['llama-3', 131_072],
  ['mistral-large', 128_000],
  ['codestral', 256_000],
  ['devstral', 128_000],
  ['kimi-k2', 131_072],
  ['glm-4.5', 131_072],
];

/** The window assumed for a model alex does not know: a guess that suits most hosted models. */
export const unknownModelWindow = 128_000;

/** The listed window of a model, or undefined; "openai/gpt-4o" and "gpt-4o:latest" both find gpt-4o. */
export function knownContextWindow(model: string): number | undefined {
  const name = model.toLowerCase().split('/').at(-1)!;
  let best: [string, number] | undefined;
  for (const entry of knownWindows) {
    if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) {
      best = entry;
    }
  }

  return best?.[1];
}

/** The context window a run works with: the override when given, else the table, else the default. */
export function contextWindowFor(model: string, override: number | undefined): number {
  return override ?? knownContextWindow(model) ?? unknownModelWindow;
}
