import type {Readable} from 'node:stream';
import {createParser, type EventSourceMessage} from 'eventsource-parser';

/** Yields the server-sent events of a response body as they arrive. */
export async function* readSse(body: Readable): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({onEvent: event => pending.push(event)});
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk as Buffer, {stream: true}));
    while (pending.length > 0) {
      yield pending.shift()!;
    }
  }

  parser.feed(decoder.decode());
  yield* pending;
}
