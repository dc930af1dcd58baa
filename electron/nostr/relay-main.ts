// A Nostr relay as its own process, on a loopback port: @nostr-relay/core over `ws` with the in-memory
// store. The regtest sandbox starts it so its makers publish and the wallet's offer book reads with
// no internet; tests start it as a real relay. Usage: relay-main [--host 127.0.0.1] [--port 0]
// (0 = a free port). It prints one JSON line {"nostrRelay":"ws://host:port"} once it listens (and
// sends the same as an IPC message when forked), and exits on SIGTERM, SIGINT or when its parent
// disconnects. Guards: frames over 64 KiB are refused by ws; every message is checked before core sees
// it (relay-messages.ts); at most 20 subscriptions per client; the store is bounded.
import { NostrRelay } from '@nostr-relay/core';
import { EventUtils, type Client } from '@nostr-relay/common';
import { initNostrWasm } from 'nostr-wasm';
import { setNostrWasm, verifyEvent } from 'nostr-tools/wasm';
import { WebSocketServer } from 'ws';
import { MemoryEventStore } from './memory-event-store';
import { parseRelayMessage } from './relay-messages';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const host = arg('host', '127.0.0.1');
const port = Number(arg('port', '0'));
const quiet = () => undefined;
const logger = { setLogLevel: quiet, debug: quiet, info: quiet, warn: quiet, error: (m: string) => process.stderr.write(`${JSON.stringify({ component: 'nostr-relay', level: 'error', msg: m })}\n`) };

// core checks every event's Schnorr signature with a pure-JS verifier (~1 ms each); the same check in
// nostr-wasm (secp256k1's C code) is ~20x faster, so a flood of events costs the relay little.
setNostrWasm(await initNostrWasm());
EventUtils.isSigValid = (e) => verifyEvent({ ...e });

const relay = new NostrRelay(new MemoryEventStore(), { filterResultCacheTtl: 0, maxSubscriptionsPerClient: 20, logger });
const wss = new WebSocketServer({ host, port, maxPayload: 64 * 1024 });

wss.on('connection', (ws, req) => {
  const client = ws as unknown as Client;
  relay.handleConnection(client, req.socket.remoteAddress);
  ws.on('message', (data) => {
    const parsed = parseRelayMessage(data.toString());
    if (!parsed.ok) {
      ws.send(JSON.stringify(['NOTICE', parsed.why]));
      return;
    }
    relay.handleMessage(client, parsed.message).catch((e: unknown) => logger.error(String(e)));
  });
  ws.on('close', () => relay.handleDisconnect(client));
  ws.on('error', () => ws.terminate());
});

wss.on('listening', () => {
  const a = wss.address();
  const url = `ws://${host}:${typeof a === 'object' && a ? a.port : port}`;
  process.stdout.write(`${JSON.stringify({ nostrRelay: url })}\n`);
  process.send?.({ nostrRelay: url });
});
wss.on('error', (e) => {
  logger.error(`cannot listen on ${host}:${port}: ${e.message}`);
  process.exit(1);
});

const stop = () => {
  for (const c of wss.clients) c.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
