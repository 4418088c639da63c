import {describe, expect, it} from 'vitest';
import {urlRuleMatches} from '../../src/tools/url-rules.js';

const allows = (pattern: string, url: string) => urlRuleMatches(pattern, url, false);
const denies = (pattern: string, url: string) => urlRuleMatches(pattern, url, true);

describe('web_fetch rules', () => {
  it('match the same origin and paths below the rule path by whole segments', () => {
    expect(allows('https://docs.python.org', 'https://docs.python.org/3/library/')).toBe(true);
    expect(allows('https://docs.python.org/3', 'https://docs.python.org/3')).toBe(true);
    expect(allows('https://docs.python.org/3', 'https://docs.python.org/3/x?y=1')).toBe(true);
    expect(allows('https://docs.python.org/3', 'https://docs.python.org/30')).toBe(false);
    expect(allows('https://docs.python.org', 'http://docs.python.org/')).toBe(false);
    expect(allows('https://docs.python.org', 'https://docs.python.org:8443/')).toBe(false);
    expect(allows('https://docs.python.org:443', 'https://docs.python.org/')).toBe(true);
  });

  it('never take a look-alike host for the rule host', () => {
    for (const url of ['https://docs.python.org.evil.com/', 'https://docs.python.org@evil.com/', 'https://evil.com/docs.python.org', 'https://evil.com/?u=https://docs.python.org', 'https://docs-python.org/']) {
      expect(allows('https://docs.python.org', url), url).toBe(false);
    }
  });

  it('compare hosts as parsed: case, IP spellings and a trailing dot do not escape a deny', () => {
    for (const url of ['HTTPS://EVIL.com/x', 'https://evil.com./x', 'https://user:pw@evil.com/', 'https://evil.com:443/']) {
      expect(denies('https://evil.com', url), url).toBe(true);
    }

    for (const url of ['http://0x7f.0.0.1/', 'http://2130706433/', 'http://127.1/']) {
      expect(denies('http://127.0.0.1', url), url).toBe(true);
    }
  });

  it('decode percent-encoded letters in paths, and ignore case in paths only for deny', () => {
    expect(denies('https://a.com/private', 'https://a.com/%70rivate/x')).toBe(true);
    expect(denies('https://a.com/private', 'https://a.com/PRIVATE')).toBe(true);
    expect(allows('https://a.com/private', 'https://a.com/PRIVATE')).toBe(false);
    expect(denies('https://a.com/private', 'https://a.com/public/../private')).toBe(true);
  });

  it('read domain: rules as the host and its subdomains, and scheme-less rules as either scheme', () => {
    expect(denies('domain:evil.com', 'http://a.b.evil.com/')).toBe(true);
    expect(denies('domain:evil.com', 'https://notevil.com/')).toBe(false);
    expect(denies('domain:*.evil.com', 'https://evil.com/')).toBe(true);
    expect(allows('docs.python.org/3', 'http://docs.python.org/3/x')).toBe(true);
    expect(allows('docs.python.org/3', 'https://docs.python.org/2')).toBe(false);
  });

  it('fail closed on a URL that does not parse: every deny matches it, no allow does', () => {
    expect(denies('https://evil.com', 'not a url')).toBe(true);
    expect(allows('https://evil.com', 'not a url')).toBe(false);
    expect(allows('not a pattern ::', 'https://evil.com/')).toBe(false);
  });
});
