/** Token shapes that are masked wherever alex writes text down (logs, transcripts, errors). */
const secretPatterns: Array<[kind: string, pattern: RegExp]> = [
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g],
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{16,}/g],
  ['openai-key', /\bsk-[A-Za-z0-9_-]{16,}/g],
  ['aws-key', /\bAKIA[0-9A-Z]{16}\b/g],
  ['github-token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g],
  ['github-token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g],
  ['gitlab-token', /\bglpat-[A-Za-z0-9_-]{16,}\b/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g],
  ['google-key', /\bAIza[0-9A-Za-z_-]{30,}\b/g],
  ['bearer', /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/g],
  ['url-credentials', /(?<=\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g],
];

const extraSecrets = new Set<string>();

/** Registers a value (the configured API key) to be masked wherever it appears. */
export function addSecret(value: string | undefined): void {
  if (value && value.length >= 8) {
    extraSecrets.add(value);
  }
}

/** Replaces known secret shapes and registered secrets by `[REDACTED:kind]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of extraSecrets) {
    if (result.includes(secret)) {
      result = result.split(secret).join('[REDACTED:api-key]');
    }
  }

  for (const [kind, pattern] of secretPatterns) {
    result = result.replace(pattern, `[REDACTED:${kind}]`);
  }

  return result;
}
