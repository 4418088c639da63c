import type {McpCallResult} from './types.js';

/** Results larger than this many bytes of UTF-8 are cut, with a note of how much was dropped. */
export const maxResultBytes = 100 * 1024;

type RawBlock = {type?: unknown; [key: string]: unknown};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }

  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The size of base64 data once decoded, without decoding it. */
function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') {
    return 0;
  }

  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function mimeOf(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'unknown type';
}

function resourceText(resource: Record<string, unknown>): string {
  const uri = String(resource.uri ?? '');
  if (typeof resource.text === 'string') {
    return `[resource ${uri} (${mimeOf(resource.mimeType)}, ${formatBytes(Buffer.byteLength(resource.text))})]\n${resource.text}`;
  }

  return `[resource ${uri} (${mimeOf(resource.mimeType)}, ${formatBytes(base64Bytes(resource.blob))}), binary content not shown]`;
}

function blockText(block: RawBlock): string {
  switch (block.type) {
    case 'text': {
      return typeof block.text === 'string' ? block.text : '';
    }

    case 'image':
    case 'audio': {
      return `[${block.type} (${mimeOf(block.mimeType)}, ${formatBytes(base64Bytes(block.data))}), not shown]`;
    }

    case 'resource': {
      const resource = block.resource;
      return typeof resource === 'object' && resource !== null ? resourceText(resource as Record<string, unknown>) : '[resource]';
    }

    case 'resource_link': {
      const about = [block.name, block.mimeType].filter(item => typeof item === 'string' && item !== '').join(', ');
      return `[resource link ${String(block.uri ?? '')}${about ? ` (${about})` : ''}]`;
    }

    default: {
      return `[content of type ${String(block.type)}, not shown]`;
    }
  }
}

/** The longest start of `text` that fits in `bytes` of UTF-8 and ends at a whole character. */
function utf8Prefix(text: string, bytes: number): string {
  // encodeInto writes only whole characters, and `read` says how many UTF-16 units they took:
  // a surrogate pair is never split.
  const {read} = new TextEncoder().encodeInto(text, new Uint8Array(bytes));
  return text.slice(0, read);
}

/** Cuts text over `limit` bytes of UTF-8 at a character boundary and says how much was dropped. */
export function capResult(text: string, limit = maxResultBytes): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= limit) {
    return text;
  }

  const kept = utf8Prefix(text, limit);
  const dropped = bytes - Buffer.byteLength(kept);
  return `${kept}\n[… result cut: the last ${formatBytes(dropped)} of ${formatBytes(bytes)} were dropped …]`;
}

/**
 * Converts a `tools/call` result into the text the model receives, once: text blocks as they are,
 * images, audio and binary resources described by MIME type and size, `isError` kept.
 */
export function resultText(raw: unknown): McpCallResult {
  const result = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const blocks = Array.isArray(result.content) ? (result.content as RawBlock[]) : [];
  const parts = blocks.map(block => blockText(block));
  if (parts.length === 0 && result.structuredContent !== undefined) {
    parts.push(JSON.stringify(result.structuredContent));
  }

  if (parts.length === 0 && 'toolResult' in result) {
    // Servers of protocol version 2024-10-07 answer with `toolResult` instead of `content`.
    parts.push(typeof result.toolResult === 'string' ? result.toolResult : JSON.stringify(result.toolResult));
  }

  const text = parts.join('\n');
  return {content: capResult(text === '' ? '(no output)' : text), isError: result.isError === true};
}
