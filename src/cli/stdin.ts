import {UsageError} from '../errors.js';

/** Largest prompt read from stdin, in bytes. */
export const maxStdinBytes = 10 * 1024 * 1024;

/** Reads all of stdin as the prompt. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxStdinBytes) {
      throw new UsageError(`The prompt on stdin is larger than ${maxStdinBytes / 1024 / 1024} MB; put the material in a file and refer to it instead.`);
    }

    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
