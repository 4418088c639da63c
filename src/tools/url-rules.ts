// `web_fetch(…)` rules, matched on the parts of a parsed URL (WHATWG URL) rather than on its text,
// so that `https://docs.python.org.evil.com/` or `https://docs.python.org@evil.com/` does not pass
// for `https://docs.python.org`, and `HTTPS://EVIL.com` does not slip past a deny on `https://evil.com`.

type UrlRule =
  | {kind: 'domain'; host: string}
  | {kind: 'url'; protocol: string | undefined; host: string; port: string; path: string};

/** Percent-encoded letters, digits and `-._~` stand for themselves (RFC 3986 section 2.3); decoded so `/%70rivate` is `/private`. */
function normalizePath(pathname: string): string {
  return pathname.replace(/%([0-9a-f]{2})/gi, (escape, hex: string) => {
    const character = String.fromCharCode(Number.parseInt(hex, 16));
    return /[\w.~-]/.test(character) ? character : escape.toUpperCase();
  });
}

function hostOf(url: URL): string {
  return url.hostname.replace(/\.$/, '');
}

/** Parses an http(s) URL; undefined for anything else. */
function parseHttpUrl(raw: string): URL | undefined {
  if (!URL.canParse(raw)) {
    return undefined;
  }

  const url = new URL(raw);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/**
 * Reads a rule pattern: `domain:example.com` (that host and its subdomains, any scheme), an
 * absolute URL (same scheme, host and port; its path a prefix of the fetched one, by whole
 * segments), or `host/path` without a scheme (either scheme).
 */
function parseUrlRule(pattern: string): UrlRule | undefined {
  const trimmed = pattern.trim();
  if (/^domain:/i.test(trimmed)) {
    const host = parseHttpUrl(`https://${trimmed.slice('domain:'.length).replace(/^\*\./, '')}`);
    return host ? {kind: 'domain', host: hostOf(host)} : undefined;
  }

  const hasScheme = /^[a-z][\w+.-]*:\/\//i.test(trimmed);
  const url = parseHttpUrl(hasScheme ? trimmed : `https://${trimmed}`);
  if (!url) {
    return undefined;
  }

  return {kind: 'url', protocol: hasScheme ? url.protocol : undefined, host: hostOf(url), port: url.port, path: normalizePath(url.pathname)};
}

/** `/docs` covers `/docs`, `/docs/` and `/docs/x`, not `/docsx`; `/` covers every path. */
function pathCovers(rulePath: string, path: string): boolean {
  if (rulePath === '/' || path === rulePath) {
    return true;
  }

  const prefix = rulePath.endsWith('/') ? rulePath : `${rulePath}/`;
  return path.startsWith(prefix);
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function ruleCovers(rule: UrlRule, url: URL, forDeny: boolean): boolean {
  const host = hostOf(url);
  if (rule.kind === 'domain') {
    return host === rule.host || host.endsWith(`.${rule.host}`);
  }

  const protocol = rule.protocol ?? url.protocol;
  const rulePort = rule.port || (protocol === 'https:' ? '443' : '80');
  if (protocol !== url.protocol || host !== rule.host || rulePort !== portOf(url)) {
    return false;
  }

  // Servers differ on whether paths are case-sensitive: a deny assumes they are not.
  const path = normalizePath(url.pathname);
  return forDeny ? pathCovers(rule.path.toLowerCase(), path.toLowerCase()) : pathCovers(rule.path, path);
}

/**
 * True when a `web_fetch(pattern)` rule covers `rawUrl`. Fails closed: a URL that does not parse
 * matches every deny rule and no allow rule; a pattern that does not parse matches nothing.
 */
export function urlRuleMatches(pattern: string, rawUrl: string, forDeny: boolean): boolean {
  const url = parseHttpUrl(rawUrl);
  if (!url) {
    return forDeny;
  }

  const rule = parseUrlRule(pattern);
  return rule !== undefined && ruleCovers(rule, url, forDeny);
}

/** True when two http(s) URLs have the same scheme, host and port. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && hostOf(a) === hostOf(b) && portOf(a) === portOf(b);
}
