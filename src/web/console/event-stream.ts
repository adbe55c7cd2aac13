/**
 * Server-sent events read with fetch rather than EventSource: EventSource cannot send headers, and the
 * console names its organization in X-Cairn-Organization (a user of two organizations would otherwise
 * follow the wrong one's batch). The parser is pure and kept apart so it can be tested without a server.
 */

export type ServerEvent = { event: string; data: string; id?: string };

/**
 * Feeds text as it arrives; returns the complete events and keeps the unfinished tail. Comments
 * (`: keep-alive`) and `retry:` fields are dropped; `data:` lines of one event are joined with "\n"
 * (WHATWG HTML §9.2.6).
 */
export class EventStreamParser {
  private buffer = '';

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const events: ServerEvent[] = [];
    const blocks = this.buffer.split(/\r\n\r\n|\n\n|\r\r/);
    this.buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const event = parseBlock(block);
      if (event) {
        events.push(event);
      }
    }
    return events;
  }
}

function parseBlock(block: string): ServerEvent | undefined {
  let name = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    } else if (field === 'id') {
      id = value;
    }
  }
  if (data.length === 0) {
    return undefined;
  }
  return { event: name, data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
}

/**
 * Reads an event stream until it ends or `signal` aborts, calling `onEvent` for each event. Resolves when
 * the server closes the stream; rejects on a failed answer (the caller may fall back to polling).
 */
export async function readEventStream(
  path: string,
  headers: Record<string, string>,
  onEvent: (event: ServerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, {
    headers: { accept: 'text/event-stream', ...headers },
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok || !response.body) {
    throw new Error(`The event stream answered ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    for (const event of parser.push(value)) {
      onEvent(event);
    }
  }
}
