import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './event-stream.js';

describe('EventStreamParser', () => {
  it('reads the events the batch stream sends, split anywhere across chunks', () => {
    const text =
      'retry: 2000\n\nevent: progress\nid: 1\ndata: {"done":1}\n\n: keep-alive\n\nevent: end\nid: 2\ndata: {"done":2}\n\n';
    for (let cut = 0; cut <= text.length; cut += 1) {
      const parser = new EventStreamParser();
      const events = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([
        { event: 'progress', id: '1', data: '{"done":1}' },
        { event: 'end', id: '2', data: '{"done":2}' },
      ]);
    }
  });

  it('joins data lines, accepts CRLF, and names an unnamed event "message"', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data: a\r\ndata:b\r\n\r\ndata\n\n')).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'message', data: '' },
    ]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: progress\ndata: {}')).toEqual([]);
    expect(parser.push('\n\n')).toEqual([{ event: 'progress', data: '{}' }]);
  });
});
