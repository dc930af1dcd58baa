// A standing offer as a Nostr event in the P2P order standard NIP-69 (kind 38383, addressable by
// `d` = offer id), and the way back: an event from a relay becomes a listed offer only if everything
// in it is true. Guards: the `fcswap1…` string in the content must parse and carry the maker's valid
// ed25519 signature (parseOffer); every NIP-69 tag must say exactly what that offer says; the event's
// Nostr key must be bound to the offer's maker key by the maker's own signature (`fcswap-maker` tag),
// so no one else can republish, revive or cancel a maker's offer; the event is not expired (NIP-40),
// not oversized, and its id and Schnorr signature verify. A relay can drop or delay offers, never
// forge one. The cheap checks run first, the signatures last, so junk costs next to nothing.
import { ed25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { fromHex, toHex } from '../hex';
import { appError, err, ok, type AppError, type Result } from '../result';
import { nostrEventId, verifyNostrEvent, type NostrEventTemplate, type SignedNostrEvent } from '../crypto/nostr-key';
import { nobleEd25519, parseOffer, unpackOffer, type Ed25519Verifier } from './offer';
import { decodeTerms } from './offer-codec';
import type { OfferCheckContext } from './offer-rules';
import type { OfferTerms, VerifiedOffer } from './offer-schema';
import { pricePiconeroPerBtc, takeRange, xmrForTake } from './standing-offer';

export const ORDER_KIND = 38383;
export const DELETION_KIND = 5;
/** NIP-69 `y`: the platform that made the order. */
export const ORDER_PLATFORM = 'farcaster-swap';
/** An order event is a few hundred bytes; anything much larger is not one of ours. */
export const MAX_ORDER_EVENT_BYTES = 4096;

export const ORDER_STATUSES = ['pending', 'in-progress', 'success', 'canceled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What the maker says of its offer now: the NIP-69 status and how many more swaps it can start. */
export interface OrderState {
  readonly status: OrderStatus;
  /** Swaps that can start now (capacity minus running takes); 0 unless `pending`. */
  readonly remaining: number;
}

export type OrderRejectionKind =
  | 'oversize' // larger than MAX_ORDER_EVENT_BYTES
  | 'malformed' // not a NIP-01 event of the expected shape
  | 'wrong-kind' // not a kind-38383 order, or another platform's
  | 'expired' // its `expiration` (or its offer's) has passed
  | 'offer-invalid' // the content is not an offer that parses and verifies
  | 'tag-mismatch' // a tag says something its offer does not
  | 'unbound-key' // the Nostr key is not bound to the offer's maker key
  | 'bad-signature'; // the event id or Schnorr signature does not verify
export type OrderRejection = AppError<OrderRejectionKind>;

/** An offer as the book lists it: the verified offer and what its latest event says. */
export interface ListedOrder {
  readonly eventId: string;
  readonly pubkey: string;
  readonly createdAt: number;
  readonly offer: string;
  readonly terms: VerifiedOffer;
  readonly status: OrderStatus;
  readonly remaining: number;
}

const BINDING_TAG = Uint8Array.from('farcaster-swap/nostr-key/v1\0', (c) => c.charCodeAt(0));
const bindingMessage = (nostrPubkey: string): Uint8Array => {
  const m = new Uint8Array(BINDING_TAG.length + 32);
  m.set(BINDING_TAG);
  m.set(fromHex(nostrPubkey), BINDING_TAG.length);
  return m;
};

/** The maker's ed25519 signature binding its Nostr key to its offer key: made once, carried by every event. */
export const nostrKeyBinding = (identitySeed: Uint8Array, nostrPubkey: string): string => toHex(ed25519.sign(bindingMessage(nostrPubkey), identitySeed));

const bindingHolds = (makerKey: string, nostrPubkey: string, sig: string, verifier: Ed25519Verifier): boolean =>
  /^[0-9a-f]{128}$/.test(sig) && verifier.verify(fromHex(sig), bindingMessage(nostrPubkey), fromHex(makerKey));

/** Piconero as decimal XMR ("1.5"), exact. */
export function xmrDecimal(piconero: bigint): string {
  const whole = piconero / 1_000_000_000_000n;
  const frac = (piconero % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const capacityOf = (t: OfferTerms): number => t.standing?.capacity ?? 1;

/** The tags an offer's event carries, in order; the book demands exactly these. */
export function orderTags(t: OfferTerms, state: OrderState, binding: string): string[][] {
  const { min, max } = takeRange(t);
  const fa = min === max ? [xmrDecimal(xmrForTake(t, max))] : [xmrDecimal(xmrForTake(t, min)), xmrDecimal(xmrForTake(t, max))];
  return [
    ['d', t.offerId],
    // NIP-69 `k` is in terms of bitcoin: Bob holds BTC and sells it, Alice buys it with her XMR.
    ['k', t.makerRole === 'bob' ? 'sell' : 'buy'],
    ['f', 'XMR'],
    ['s', state.status],
    ['amt', max.toString()],
    ['fa', ...fa],
    ['pm', 'xmr-atomic-swap'],
    ['premium', '0'],
    ['price', xmrDecimal(pricePiconeroPerBtc(t)), 'XMR/BTC'],
    ['capacity', String(state.remaining), String(capacityOf(t))],
    ['network', t.network],
    ['layer', 'onchain'],
    ['expiration', String(t.expiresAt)],
    ['y', ORDER_PLATFORM],
    ['z', 'order'],
    ['fcswap-maker', t.makerKey, binding],
  ];
}

/** Status and remaining agree: only a pending order has places left, and never more than its capacity. */
function stateProblem(t: OfferTerms, s: OrderState): string | null {
  if (!Number.isInteger(s.remaining) || s.remaining < 0 || s.remaining > capacityOf(t)) return `remaining ${s.remaining} is outside 0..${capacityOf(t)}`;
  if ((s.status === 'pending') !== s.remaining > 0) return `status ${s.status} with ${s.remaining} remaining`;
  return null;
}

/** The event a maker publishes for an offer in `state` (the content is the signed `fcswap1…` string). */
export function orderTemplate(offer: string, terms: OfferTerms, state: OrderState, binding: string, createdAt: number): NostrEventTemplate {
  const problem = stateProblem(terms, state);
  if (problem) throw new RangeError(`bug: order state: ${problem}`);
  return { kind: ORDER_KIND, created_at: createdAt, tags: orderTags(terms, state, binding), content: offer };
}

/** NIP-09 deletion of an order's events (by id, and by address for the versions a relay still keeps). */
export function deletionTemplate(pubkey: string, offerId: string, eventIds: readonly string[], createdAt: number): NostrEventTemplate {
  return {
    kind: DELETION_KIND,
    created_at: createdAt,
    tags: [...eventIds.map((id) => ['e', id]), ['a', `${ORDER_KIND}:${pubkey}:${offerId}`], ['k', String(ORDER_KIND)]],
    content: 'offer closed',
  };
}

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const EventSchema = z.strictObject({
  id: hex(64),
  pubkey: hex(64),
  created_at: z.number().int().min(0).max(0xffffffff),
  kind: z.number().int().min(0).max(65535),
  tags: z.array(z.array(z.string().max(1024)).min(1).max(8)).max(40),
  content: z.string().max(MAX_ORDER_EVENT_BYTES),
  sig: hex(128),
});

const reject = (kind: OrderRejectionKind, message: string): Result<never, OrderRejection> => err(appError(kind, message));

/** The state a well-formed tag set declares, or why it is not one. */
function declaredState(tags: readonly (readonly string[])[]): Result<OrderState & { binding: string }, OrderRejection> {
  const s = tags.find((x) => x[0] === 's')?.[1];
  const cap = tags.find((x) => x[0] === 'capacity')?.[1];
  const binding = tags.find((x) => x[0] === 'fcswap-maker')?.[2];
  if (!s || !(ORDER_STATUSES as readonly string[]).includes(s)) return reject('tag-mismatch', `status "${String(s).slice(0, 20)}" is not a NIP-69 status`);
  if (!cap || !/^(0|[1-9][0-9]{0,4})$/.test(cap)) return reject('tag-mismatch', 'no remaining capacity');
  if (!binding) return reject('unbound-key', 'no fcswap-maker binding');
  return ok({ status: s as OrderStatus, remaining: Number(cap), binding });
}

/**
 * The tags say exactly what `terms` says (nothing missing, nothing extra) in a consistent state.
 * Used by the book on every event and by the signer before it signs one.
 */
export function tagsAgree(tags: readonly (readonly string[])[], terms: OfferTerms): Result<OrderState & { binding: string }, OrderRejection> {
  const declared = declaredState(tags);
  if (!declared.ok) return declared;
  const problem = stateProblem(terms, declared.value);
  if (problem) return reject('tag-mismatch', problem);
  const expected = JSON.stringify(orderTags(terms, declared.value, declared.value.binding));
  if (JSON.stringify(tags) !== expected) return reject('tag-mismatch', 'the tags do not say what the offer says');
  return declared;
}

/** The signer's check: a kind-38383 template is one of our offer events (its offer decodes, its tags agree). */
export function isOfferEventTemplate(t: NostrEventTemplate): Result<void, OrderRejection> {
  if (t.kind === DELETION_KIND) {
    const okTags = t.tags.every((x) => (x[0] === 'e' && /^[0-9a-f]{64}$/.test(x[1] ?? '')) || (x[0] === 'a' && (x[1] ?? '').startsWith(`${ORDER_KIND}:`)) || (x[0] === 'k' && x[1] === String(ORDER_KIND)));
    return okTags && t.tags.length > 0 ? ok(undefined) : reject('wrong-kind', 'a deletion may only name order events');
  }
  if (t.kind !== ORDER_KIND) return reject('wrong-kind', `kind ${t.kind} is not an offer event`);
  const unpacked = unpackOffer(t.content);
  const terms = unpacked.ok ? decodeTerms(unpacked.value.payload) : unpacked;
  if (!terms.ok) return reject('offer-invalid', terms.error.message);
  const agreed = tagsAgree(t.tags, terms.value);
  return agreed.ok ? ok(undefined) : agreed;
}

export interface ReadOrderContext extends OfferCheckContext {
  /** Offers verified before (string -> terms): a republished or updated offer skips its ed25519 check. */
  readonly verified?: Map<string, VerifiedOffer>;
  /** Bindings checked before (makerKey:pubkey:sig): one ed25519 check per maker and key, not per event. */
  readonly bound?: Set<string>;
  /** A faster Schnorr check of the same NIP-01 event (the book's nostr-wasm); default verifyNostrEvent. */
  readonly verifyEvent?: (e: SignedNostrEvent) => boolean;
  /** A faster ed25519 check of the offer and the binding, same verdicts (the book's node:crypto); default noble's. */
  readonly ed25519?: Ed25519Verifier;
}

/** Shape, size, kind and platform: what costs no signature check. */
function shapeOf(raw: unknown): Result<SignedNostrEvent, OrderRejection> {
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return reject('malformed', 'not JSON');
  }
  if (size > MAX_ORDER_EVENT_BYTES) return reject('oversize', `event of ${size} bytes (at most ${MAX_ORDER_EVENT_BYTES})`);
  const e = EventSchema.safeParse(raw);
  if (!e.success) return reject('malformed', `not a NIP-01 event: ${e.error.issues[0]?.path.join('.') ?? '?'}`);
  if (e.data.kind !== ORDER_KIND) return reject('wrong-kind', `kind ${e.data.kind}`);
  if (!e.data.tags.some((x) => x[0] === 'y' && x[1] === ORDER_PLATFORM)) return reject('wrong-kind', 'another platform\'s order');
  return ok(e.data);
}

/** An event from a relay -> the offer it lists, or the typed reason it is ignored (see the file comment). */
export function readOrderEvent(raw: unknown, ctx: ReadOrderContext): Result<ListedOrder, OrderRejection> {
  const shaped = shapeOf(raw);
  if (!shaped.ok) return shaped;
  const e = shaped.value;
  const exp = e.tags.find((x) => x[0] === 'expiration')?.[1];
  if (exp !== undefined && /^[0-9]{1,10}$/.test(exp) && ctx.nowSec >= Number(exp)) return reject('expired', `expired at ${exp}`);
  if (nostrEventId(e.pubkey, e) !== e.id) return reject('bad-signature', 'the event id is not its hash');
  let terms = ctx.verified?.get(e.content);
  if (!terms || ctx.nowSec >= terms.expiresAt) {
    const parsed = parseOffer(e.content, ctx, ctx.ed25519 ?? nobleEd25519);
    if (!parsed.ok) return reject(parsed.error.kind === 'offer-expired' ? 'expired' : 'offer-invalid', parsed.error.message);
    terms = parsed.value;
    ctx.verified?.set(e.content, terms);
  }
  const agreed = tagsAgree(e.tags, terms);
  if (!agreed.ok) return agreed;
  const bindingKey = `${terms.makerKey}:${e.pubkey}:${agreed.value.binding}`;
  if (!ctx.bound?.has(bindingKey)) {
    if (!bindingHolds(terms.makerKey, e.pubkey, agreed.value.binding, ctx.ed25519 ?? nobleEd25519)) return reject('unbound-key', "the maker's key did not bind this Nostr key");
    ctx.bound?.add(bindingKey);
  }
  if (!(ctx.verifyEvent ?? verifyNostrEvent)(e)) return reject('bad-signature', 'the Schnorr signature does not verify');
  return ok({ eventId: e.id, pubkey: e.pubkey, createdAt: e.created_at, offer: e.content, terms, status: agreed.value.status, remaining: agreed.value.remaining });
}
