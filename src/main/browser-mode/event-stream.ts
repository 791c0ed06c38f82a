// Server-Sent Events (HTML Living Standard §9.2) from main to the page: the bridge's counterpart
// of webContents.send. Each event is `event: <name>` plus one JSON `data:` line.
import type { ServerResponse } from 'node:http';
import type { EventEmitterPort } from '../../shared/ipc-contract';

/** Comment lines keep idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000;

export interface EventHub {
  emit: EventEmitterPort;
  /** Takes over a response as an event stream until the client goes away. */
  attach(res: ServerResponse, extraHeaders: Record<string, string>): void;
  readonly clientCount: number;
  closeAll(): void;
}

export function createEventHub(): EventHub {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    emit(name, payload) {
      // JSON.stringify never emits a raw newline, so one data line is always a whole event.
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of clients) res.write(frame);
    },
    attach(res, extraHeaders) {
      res.writeHead(200, {
        ...extraHeaders,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // Tells EventSource how long to wait before reconnecting, and flushes the headers.
      res.write('retry: 1000\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    get clientCount() {
      return clients.size;
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
