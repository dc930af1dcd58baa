// The headless maker's signer: the app's signer process (electron/signer/signer-main.ts) over the maker's
// seed, serving both its swap client (approve-then-sign of each swap transaction) and its offer
// announcer (the Nostr key, for offer events and their deletions only). One process, so one derivation
// and one policy for both. Why a process: a new swap's key derivation and DLEQ proof take seconds of
// CPU; in the maker's own event loop they held up every take, link and syncer event (bench:maker: a take
// unanswered for 15 s under 20 swaps). Guards: the seed goes to the signer once, over the IPC channel,
// when the signer asks for it (FC_SIGNER_SEED=parent: a memory keychain there, the OS keychain never
// touched); it is never logged nor written by the maker; the signer exits with the maker.
import { toHex } from '../../shared/hex';
import { signerProcessSigner, type SwapSigner } from '../client/swap-signer';
import { nostrSignerOver, type NostrEventSigner } from '../nostr/nostr-signer';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import { SignerSeedWantedSchema } from '../signer/signer-protocol';
import { forkSignerProcess, type SignerTransport } from '../signer/signer-transport';

export interface MakerSigner {
  readonly swaps: SwapSigner;
  readonly nostr: NostrEventSigner;
  /** The signer process's pid (the maker's process tree counts it). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface MakerSignerOptions {
  /** One call per log line of the signer process (JSON lines with fingerprints only). */
  readonly onLog?: (line: string) => void;
  /** How long a request may wait in the signer's queue (default 10 min). */
  readonly requestTimeoutMs?: number;
}

/** Requests that only read (the same body, the same answer): one in flight serves every asker of it. */
const SHARED_KINDS = new Set<string>(['status', 'public-keys', 'dleq-proof', 'nostr-public-key', 'xmr-funding-keys']);

/** The transport of a signer that takes its seed from us: answers its one seed request, hides it from the client. */
export function seedingTransport(t: SignerTransport, seed: Uint8Array): SignerTransport {
  const seedHex = toHex(seed);
  return {
    get pid() {
      return t.pid;
    },
    send: (m) => t.send(m),
    onMessage: (cb) =>
      t.onMessage((m) => {
        if (SignerSeedWantedSchema.safeParse(m).success) return void t.send({ seedHex });
        cb(m);
      }),
    onExit: (cb) => t.onExit(cb),
    disconnect: () => t.disconnect(),
    kill: (signal) => t.kill(signal),
  };
}

export async function startMakerSigner(seed: Uint8Array, o: MakerSignerOptions = {}): Promise<MakerSigner> {
  if (seed.length !== 32) throw new Error(`the maker's seed is ${seed.length} bytes, not 32`);
  const client: SignerClient = createSignerClient({
    spawn: () => seedingTransport(forkSignerProcess({ env: { ...process.env, FC_SIGNER_SEED: 'parent' }, ...(o.onLog ? { onLog: o.onLog } : {}) }), seed),
    // The signer answers in order, one request at a time. With 20 new swaps its queue holds 20 DLEQ
    // proofs of 3-6 s each on a loaded 2-core machine, so the default 30 s timed requests out that the
    // signer then still worked through, and each datum retry queued one more (bench:maker --swaps 20:
    // 58 proofs made for 21 swaps, keys agreed minutes late). A dead signer is seen by its exit.
    requestTimeoutMs: o.requestTimeoutMs ?? 10 * 60_000,
  });
  const started = await client.start();
  if (!started.ok) throw new Error(`the maker's signer process: ${started.error.message}`);
  // A signer process that died (killed, OOM) is started again at the next request, once: the swaps'
  // datum retries (client-retry.ts) then get answers instead of signer-not-running for good.
  const once: SignerClient['request'] = async (body) => {
    const r = await client.request(body);
    if (r.ok || r.error.kind !== 'signer-not-running') return r;
    const again = await client.start();
    return again.ok ? client.request(body) : r;
  };
  // A datum asked again while its first ask still waits in the signer's queue (a retry, or two swaps'
  // answers needing one swap's keys) joins that ask instead of queueing the same proof twice.
  const inFlight = new Map<string, Promise<unknown>>();
  const request: SignerClient['request'] = (body) => {
    if (!SHARED_KINDS.has(body.kind)) return once(body);
    const key = JSON.stringify(body);
    // The map holds the promise of exactly this body (its key), so its answer type is this request's.
    const running = inFlight.get(key) as ReturnType<typeof once<typeof body.kind>> | undefined;
    if (running) return running;
    const p = once(body).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  };
  const over: SignerClient = { ...client, request, get pid() { return client.pid; } };
  return {
    swaps: signerProcessSigner(over),
    nostr: nostrSignerOver(request),
    get pid() {
      return client.pid;
    },
    stop: () => client.stop(),
  };
}
