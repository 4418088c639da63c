import http from 'node:http';
import https from 'node:https';
import {toolError, type Tool, type ToolContext} from './types.js';
import {sameOrigin} from './url-rules.js';

type Input = {url: string};

const maxBytes = 200_000;
const maxRedirects = 5;
const timeoutMs = 30_000;

type Fetched = {status: number; type: string; body: string; cut: boolean; url: string};

/** Decides whether a redirect may be followed: undefined when it may, else why not. */
type RedirectCheck = (next: URL, from: URL) => Promise<string | undefined>;

/** A redirect that was not followed, with the reason, for the model. */
class RedirectRefused extends Error {}

function get(url: URL, signal: AbortSignal, check: RedirectCheck, redirects = 0): Promise<Fetched> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(url, {signal, headers: {'user-agent': 'alex', accept: 'text/html,text/plain,application/json,*/*'}}, response => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirects >= maxRedirects) {
          reject(new Error(`more than ${maxRedirects} redirects`));
          return;
        }

        const next = new URL(location, url);
        check(next, url)
          .then(refusal => (refusal === undefined ? get(next, signal, check, redirects + 1) : Promise.reject(new RedirectRefused(`it redirected to ${next.href}, which was not fetched: ${refusal}`))))
          .then(resolve, reject);
        return;
      }

      const chunks: Buffer[] = [];
      let size = 0;
      let cut = false;
      response.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) {
          cut = true;
          response.destroy();
          return;
        }

        chunks.push(chunk);
        size += chunk.length;
      });
      const finish = () => resolve({status, type: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8').slice(0, maxBytes), cut, url: url.href});
      response.once('end', finish);
      response.once('close', finish);
      response.once('error', error => (cut ? finish() : reject(error)));
    });
    request.once('error', reject);
  });
}

/**
 * Every hop is checked like the first request: deny rules always, and a hop to another origin
 * (scheme, host, port) needs its own approval, which a headless run cannot give. Without a policy
 * (tests) only same-origin hops are followed.
 */
function redirectCheck(context: ToolContext): RedirectCheck {
  return async (next, from) => {
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return `${next.protocol} is not http or https`;
    }

    const denyOnly = sameOrigin(next, from);
    if (!context.authorize) {
      return denyOnly ? undefined : 'a redirect to another origin needs approval';
    }

    return context.authorize({kind: 'network', url: next.href}, {denyOnly});
  };
}

/** A readable text form of an HTML page: scripts and styles dropped, tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, '')
    .replace(/<(br|\/p|\/div|\/h[1-6]|\/li|\/tr)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const webFetchTool: Tool<Input> = {
  spec: {
    name: 'web_fetch',
    description: 'Fetch a web page or file over http(s) and return it as text (HTML is converted to plain text). At most 200 KB.',
    parameters: {
      type: 'object',
      properties: {url: {type: 'string', description: 'Absolute http or https URL.'}},
      required: ['url'],
    },
  },
  readOnly: true,
  access(input) {
    return {kind: 'network', url: input.url};
  },
  async run(input, context) {
    if (!URL.canParse(input.url) || !/^https?:$/.test(new URL(input.url).protocol)) {
      return toolError(`${input.url} is not an http or https URL.`);
    }

    let page: Fetched;
    try {
      page = await get(new URL(input.url), AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]), redirectCheck(context));
    } catch (error) {
      context.signal.throwIfAborted();
      const what = error instanceof RedirectRefused ? 'was stopped' : 'failed';
      return toolError(`Fetching ${input.url} ${what}: ${(error as Error).message}`);
    }

    const text = /html/i.test(page.type) ? htmlToText(page.body) : page.body;
    const note = page.cut ? `\n[cut at ${maxBytes} bytes]` : '';
    const header = `HTTP ${page.status} ${page.type} ${page.url}\n\n`;

    return {content: header + text + note, isError: page.status >= 400, summary: `HTTP ${page.status}, ${text.length} chars`};
  },
};
