// Server-sent events: backfill from a sequence number, then live entries from the hub bus, with
// a comment heartbeat so proxies keep the stream open.

import type { IncomingMessage, ServerResponse } from 'node:http';

import { corsHeaders } from './http.ts';

export type SseSource<T extends { sequenceNumber: number }> = {
  backfill: (after: number) => T[];
  subscribe: (push: (item: T) => void) => () => void;
  render: (item: T) => unknown;
};

export function openSse<T extends { sequenceNumber: number }>(
  req: IncomingMessage,
  res: ServerResponse,
  after: number | undefined,
  source: SseSource<T>,
): void {
  res.writeHead(200, {
    ...corsHeaders(req),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let last = after ?? 0;
  const write = (item: T) => {
    if (item.sequenceNumber <= last) return;
    last = item.sequenceNumber;
    res.write(`id: ${item.sequenceNumber}\ndata: ${JSON.stringify(source.render(item))}\n\n`);
  };
  // Subscribe first, so nothing falls between the backfill and the live feed.
  const buffered: T[] = [];
  let live = false;
  const unsubscribe = source.subscribe((item) => (live ? write(item) : buffered.push(item)));
  if (after !== undefined) for (const item of source.backfill(after)) write(item);
  for (const item of buffered) write(item);
  live = true;
  res.write(': connected\n\n');
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('close', stop);
}
