// What one offer event costs the taker's book, check by check, for `npm run bench:offerbook`: the
// offer's ed25519 signature (noble's pure JS, the default, against node:crypto's, which the book
// uses), the event's Schnorr signature (noble's pure JS against nostr-wasm, which the book uses) and
// readOrderEvent whole with either set. Measured in the same run as the fill, so the ratios hold on
// a loaded machine where the absolute figures do not. Guards nothing.
import { unpackOffer, nobleEd25519, type Ed25519Verifier } from '../../shared/offer/offer';
import { readOrderEvent, type ReadOrderContext } from '../../shared/offer/nostr-order';
import { verifyNostrEvent, type SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { nodeEd25519 } from '../../electron/nostr/fast-ed25519';

export interface VerifyCosts {
  /** Microseconds per check, median of rounds. */
  readonly ed25519NobleUs: number;
  readonly ed25519NodeUs: number;
  readonly schnorrNobleUs: number;
  readonly schnorrWasmUs: number;
  /** readOrderEvent of a new offer (its own ed25519 and Schnorr checks; the maker's binding checked once per maker). */
  readonly readNobleUs: number;
  readonly readFastUs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const SIGNING_TAG = new TextEncoder().encode('farcaster-swap/offer/v1\0');

/** Microseconds per call of `f` over `items`, median of `rounds`; throws if a check says no. */
function perCall<T>(items: readonly T[], f: (x: T) => boolean, rounds: number): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const x of items) if (!f(x)) throw new Error('bench: a genuine signature did not verify');
    times.push(((performance.now() - t0) * 1000) / items.length);
  }
  return median(times);
}

/** `events` are genuine order events; `sample` of them are checked `rounds` times by each path. */
export function measureVerifyCosts(events: readonly SignedNostrEvent[], wasmVerify: (e: SignedNostrEvent) => boolean, sample = 100, rounds = 3): VerifyCosts {
  const some = events.slice(0, sample);
  const offers = some.map((e) => {
    const u = unpackOffer(e.content);
    if (!u.ok) throw new Error(u.error.message);
    const msg = new Uint8Array(SIGNING_TAG.length + u.value.payload.length);
    msg.set(SIGNING_TAG);
    msg.set(u.value.payload, SIGNING_TAG.length);
    const makerKey = e.tags.find((t) => t[0] === 'fcswap-maker')![1]!;
    return { sig: u.value.signature, msg, key: Uint8Array.from(Buffer.from(makerKey, 'hex')) };
  });
  const ed = (v: Ed25519Verifier) => (o: (typeof offers)[number]) => v.verify(o.sig, o.msg, o.key);
  const node = nodeEd25519();
  const nowSec = Math.floor(Date.now() / 1000);
  const read = (ctx: () => ReadOrderContext) => {
    const c = ctx();
    return (e: SignedNostrEvent) => readOrderEvent(e, { ...c, verified: new Map() }).ok;
  };
  const bound = new Set<string>();
  return {
    ed25519NobleUs: perCall(offers, ed(nobleEd25519), rounds),
    ed25519NodeUs: perCall(offers, ed(node), rounds),
    schnorrNobleUs: perCall(some, verifyNostrEvent, rounds),
    schnorrWasmUs: perCall(some, wasmVerify, rounds),
    readNobleUs: perCall(some, read(() => ({ nowSec, bound: new Set() })), rounds),
    readFastUs: perCall(some, read(() => ({ nowSec, bound, ed25519: node, verifyEvent: wasmVerify })), rounds),
  };
}
