import {describe, expect, it} from 'vitest';
import {addSecret, redactSecrets} from '../src/redact.js';
import {inertText} from '../src/terminal-text.js';

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('secret redaction', () => {
  it('masks each known token shape with its kind', () => {
    const samples: Array<[string, string]> = [
      ['sk-proj-abcdefghijklmnopqrstuvwx', 'openai-key'],
      ['sk-ant-api03-abcdefghijklmnopqrstuvwx', 'anthropic-key'],
      ['AKIAIOSFODNN7EXAMPLE', 'aws-key'],
      ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
      ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github-token'],
      ['glpat-abcdefghijklmnopqrst', 'gitlab-token'],
      ['xoxb-1234567890-abcdefghij', 'slack-token'],
      ['AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', 'google-key'],
      ['Authorization: Bearer abcdefghijklmnop.qrs', 'bearer'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', 'private-key'],
      ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----', 'private-key'],
      ['sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV', 'openai-key'],
      ['ASIAIOSFODNN7EXAMPLE', 'aws-key'],
      ['gho_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
      ['xoxp-1234567890-1234567890-abcdefghij', 'slack-token'],
      ['xoxe.xoxp-1-abcdefghijklmnopqrstuvwxyz', 'slack-token'],
      ['xapp-1-A0123456789-abcdefghijklmnop', 'slack-token'],
      [jwt, 'jwt'],
      ['npm_abcdefghijklmnopqrstuvwxyzABCDEF0123', 'npm-token'],
      ['hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'huggingface-token'],
    ];
    for (const [secret, kind] of samples) {
      expect(redactSecrets(`before ${secret} after`)).toContain(`[REDACTED:${kind}]`);
      expect(redactSecrets(`before ${secret} after`)).not.toContain(secret.slice(-12));
    }
  });

  it('masks a JWT whole, also after Bearer and with an empty signature', () => {
    expect(redactSecrets(`token=${jwt}; path=/`)).toBe('token=[REDACTED:jwt]; path=/');
    expect(redactSecrets(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer [REDACTED:jwt]');
    expect(redactSecrets('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe('[REDACTED:jwt]');
  });

  it('masks a private key cut off before its end line, to the end of the text', () => {
    expect(redactSecrets('key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n[output truncated]')).toBe('key:\n[REDACTED:private-key]');
  });

  it('leaves words that only look like the start of a token alone', () => {
    const plain = 'ask-me later, npm_install, hf_model, eyJust.eyJoking, AKIA, the sk- prefix, https://example.com/a:b';
    expect(redactSecrets(plain)).toBe(plain);
  });

  it('masks credentials in URLs and registered secrets', () => {
    expect(redactSecrets('https://user:pa55word@example.com/x')).toBe('https://[REDACTED:url-credentials]@example.com/x');
    expect(redactSecrets('postgres://admin:p@ss:w0rd@db.internal:5432/app')).toBe('postgres://[REDACTED:url-credentials]@db.internal:5432/app');
    addSecret('my-custom-local-key-42');
    expect(redactSecrets('key=my-custom-local-key-42')).toBe('key=[REDACTED:api-key]');
  });
});

describe('inert terminal text', () => {
  it('shows escape sequences instead of sending them', () => {
    expect(inertText('a\u001b]52;c;ZXZpbA==\u0007b\u001b[2Jc\u009bd')).toBe('a^[]52;c;ZXZpbA==^Gb^[[2Jc\\u{9b}d');
    expect(inertText('line\n\tindented')).toBe('line\n\tindented');
  });
});
