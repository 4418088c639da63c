/** Token shapes that are masked wherever alex writes text down (logs, transcripts, errors). */
const secretPatterns: Array<[kind: string, pattern: RegExp]> = [
  // A key cut off before its end line (a tool output that was truncated) is masked to the end of the text.
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g],
  // Header and payload are base64url JSON objects, so both start with eyJ; the signature may be empty.
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{16,}/g],
  ['openai-key', /\bsk-[A-Za-z0-9_-]{16,}/g],
  ['aws-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['github-token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g],
  ['github-token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g],
  ['gitlab-token', /\bglpat-[A-Za-z0-9_-]{16,}\b/g],
  // Bot, user and app tokens, and the refresh form xoxe.xoxp-….
  ['slack-token', /\bx(?:ox[a-z](?:\.xox[a-z])?|app)-[A-Za-z0-9-]{10,}\b/g],
  ['google-key', /\bAIza[0-9A-Za-z_-]{30,}\b/g],
  ['npm-token', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['huggingface-token', /\bhf_[A-Za-z0-9]{30,}\b/g],
  ['bearer', /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/g],
  // Up to the last @ before the host: a password may hold @ and : itself.
  ['url-credentials', /(?<=\/\/)[^/\s:@]+:[^/\s]*(?=@)/g],
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
