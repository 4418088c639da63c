import {describe, expect, it} from 'vitest';
import {addSecret, redactSecrets} from '../src/redact.js';
import {inertText} from '../src/terminal-text.js';

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
    ];
    for (const [secret, kind] of samples) {
      expect(redactSecrets(`before ${secret} after`)).toContain(`[REDACTED:${kind}]`);
      expect(redactSecrets(`before ${secret} after`)).not.toContain(secret.slice(-12));
    }
  });

  it('masks credentials in URLs and registered secrets', () => {
    expect(redactSecrets('https://user:pa55word@example.com/x')).toBe('https://[REDACTED:url-credentials]@example.com/x');
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
