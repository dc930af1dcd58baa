// The WebSocket nostr-tools opens to a relay: `ws` with a frame cap, and every message over the event
// cap dropped before nostr-tools parses it. Guards: a relay cannot make the wallet parse (or hold) a
// huge frame; a frame over the hard cap closes that one connection (and the pool reconnects with
// backoff), an oversized message under it is counted and ignored; closing a socket still connecting
// (nostr-tools does on its connect timeout, after dropping its own error handler) never throws.
import WebSocket from 'ws';

/** A message is a NIP-01 envelope around one event: the event cap plus room for the envelope. */
export const MAX_RELAY_MESSAGE_BYTES = 8 * 1024;
/** ws closes the connection on a larger frame (1009) instead of buffering it. */
const MAX_FRAME_BYTES = 256 * 1024;

const sizeOf = (data: unknown): number =>
  Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n: number, b: Buffer) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : Infinity;

/** A `ws` class nostr-tools can construct with just a URL; `onOversize` counts what it dropped. */
export function boundedWebSocketClass(onOversize: (bytes: number) => void): typeof globalThis.WebSocket {
  class BoundedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
      // ws reports an aborted handshake as an 'error' event on the next tick; nostr-tools has already
      // set onerror to null by then, and an 'error' with no listener is an uncaught exception that
      // would end the wallet's process. The pool learns of the failure from onclose and its timeout.
      this.on('error', () => undefined);
    }
    // ws delivers every frame through emit('message'); onmessage (what nostr-tools sets) listens there.
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message') {
        const size = sizeOf(args[0]);
        if (size > MAX_RELAY_MESSAGE_BYTES) {
          onOversize(size);
          return true;
        }
      }
      return super.emit(event, ...args);
    }
  }
  return BoundedWebSocket as unknown as typeof globalThis.WebSocket;
}
