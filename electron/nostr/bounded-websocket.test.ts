import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedWebSocketClass } from './bounded-websocket';

// A TCP server that accepts and never answers the HTTP upgrade: the socket stays CONNECTING.
let server: Server | null = null;
const held: Socket[] = [];
afterEach(async () => {
  held.splice(0).forEach((s) => s.destroy());
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

describe('bounded websocket', () => {
  it('closing it while still connecting, with no error handler left (as nostr-tools does on its timeout), throws nothing', async () => {
    server = createServer((s) => void held.push(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const Ws = boundedWebSocketClass(() => undefined);
      const ws = new Ws(`ws://127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 100));
      expect(ws.readyState).toBe(ws.CONNECTING);
      let closed = false;
      ws.onclose = () => (closed = true);
      ws.onerror = null;
      ws.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      expect(closed).toBe(true);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
