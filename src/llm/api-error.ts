import {AlexError, exitCodes} from '../errors.js';

/** Why a model request failed, as far as retrying and reporting care. */
export type ApiErrorKind =
  | 'auth'
  | 'model_not_found'
  | 'not_found'
  | 'context_length'
  | 'bad_request'
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'unreachable'
  | 'stream_cut'
  | 'bad_response';

const retryable = new Set<ApiErrorKind>(['rate_limit', 'server', 'network', 'stream_cut']);
const userMistakes = new Set<ApiErrorKind>(['auth', 'model_not_found', 'not_found']);

export type ApiErrorOptions = {
  status?: number;
  retryAfterMs?: number;
  /**
   * At most this many attempts after the first, whatever the caller allows. Default: as many as
   * the caller allows for a retryable kind, none for the others.
   */
  retryLimit?: number;
  cause?: unknown;
};

/** A failed model request; `kind` decides whether it is retried and how it is reported. */
export class ApiError extends AlexError {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  /** How long the server asked to wait before the next attempt, in ms. */
  readonly retryAfterMs: number | undefined;
  /** At most this many attempts after the first, when the failure itself limits them. */
  readonly retryLimit: number | undefined;

  constructor(kind: ApiErrorKind, message: string, options: ApiErrorOptions = {}) {
    super(message, kind, userMistakes.has(kind) ? exitCodes.usage : exitCodes.failed, {cause: options.cause});
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryLimit = options.retryLimit;
  }

  get retryable(): boolean {
    return this.retryLimit === undefined ? retryable.has(this.kind) : this.retryLimit > 0;
  }
}

const maxRetryAfterMs = 60_000;

/** Parses `retry-after-ms` or `Retry-After` (seconds or an HTTP date), capped at 60 s. */
export function parseRetryAfter(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const milliseconds = Number(headers['retry-after-ms']);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.min(milliseconds, maxRetryAfterMs);
  }

  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) {
    return undefined;
  }

  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.min(Math.max(seconds, 0) * 1000, maxRetryAfterMs);
  }

  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(date - now, 0), maxRetryAfterMs);
}

function looksLikeContextLength(text: string): boolean {
  return /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|reduce the length/i.test(text);
}

/** Classifies an HTTP error status and body into an ApiError with a one-line message. */
export function statusError(status: number, body: string, headers: Record<string, string | string[] | undefined>, endpoint: string, model: string, keyVariable: string): ApiError {
  const detail = extractMessage(body);
  const suffix = detail ? `: ${detail}` : '';
  const retryAfterMs = parseRetryAfter(headers);
  if (status === 401 || status === 403) {
    return new ApiError('auth', `${endpoint} refused the API key (HTTP ${status})${suffix}. Check ${keyVariable}.`, {status});
  }

  if ((status === 404 && /model/i.test(body)) || (status === 400 && /model/i.test(detail) && /not (?:found|exist)|unknown|invalid model|does not exist/i.test(detail))) {
    return new ApiError('model_not_found', `${endpoint} does not know the model "${model}" (HTTP ${status})${suffix}. Pick another with --model.`, {status});
  }

  // A 404 that says nothing of the model ("404 page not found") means the path is wrong.
  if (status === 404) {
    return new ApiError('not_found', `${endpoint} answered HTTP 404 (not found)${suffix}. Check the base URL; an OpenAI-compatible one usually ends in /v1.`, {status});
  }

  if ((status === 400 || status === 413) && looksLikeContextLength(detail)) {
    return new ApiError('context_length', `The conversation is longer than ${model} accepts (HTTP ${status})${suffix}`, {status});
  }

  if (status === 408 || status === 409 || status === 429) {
    return new ApiError('rate_limit', `${endpoint} is busy (HTTP ${status})${suffix}`, {status, retryAfterMs});
  }

  if (status >= 500) {
    return new ApiError('server', `${endpoint} failed (HTTP ${status})${suffix}`, {status, retryAfterMs});
  }

  return new ApiError('bad_request', `${endpoint} rejected the request (HTTP ${status})${suffix}`, {status});
}

/** The human part of an error body: `error.message`, `message`, or the text itself, on one line. */
export function extractMessage(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as {error?: {message?: string} | string; message?: string};
    const error = parsed.error;
    text = (typeof error === 'string' ? error : error?.message) ?? parsed.message ?? body;
  } catch {
    // Not JSON: the text is the message.
  }

  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Attempts after the first for a refused connection: a local server that restarts is back within seconds. */
const refusedRetries = 2;

/** Classifies a socket-level failure. */
export function networkError(error: unknown, endpoint: string): ApiError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
    const retryLimit = code === 'ECONNREFUSED' ? refusedRetries : 0;
    return new ApiError('unreachable', `Cannot reach ${endpoint} (${code}). Is the server running, and is the base URL right?`, {cause: error, retryLimit});
  }

  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('network', `Connection to ${endpoint} failed: ${message}`, {cause: error});
}
