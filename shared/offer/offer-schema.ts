// The terms a maker publishes (protocol.md step 0, RFC-10 "deal") as zod schemas, and the closed
// set of errors a taker can get. Guards: every field has one shape and one range, checked the same way on both sides.
import { z } from 'zod';
import { AmountSchema, SwapIdSchema } from '../ids';
import type { AppError } from '../result';
import { OfferNetworkNameSchema } from './offer-networks';

/** BIP68 relative lock times are 16-bit block counts: a larger timelock cannot be expressed on chain. */
export const TimelockSchema = z.number().int().min(1).max(0xffff);

/** A DNS name or IPv4 literal (RFC 1123 labels), or an IPv6 literal without brackets. */
const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6_RE = /^(?=.{2,45}$)[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$/;
export const HostSchema = z.string().refine((h) => HOSTNAME_RE.test(h) || IPV6_RE.test(h), 'host: a DNS name, IPv4 or IPv6 literal');

export const PeerAddressSchema = z.object({
  host: HostSchema,
  port: z.number().int().min(1).max(65535),
});
export type PeerAddress = z.infer<typeof PeerAddressSchema>;

/** Only fixed fees exist today (farcaster's `FeeStrategy::Fixed`); the union leaves room for a range. */
export const FeeStrategySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), satPerKvB: z.number().int().min(1).max(0xffffffff) }),
]);
export type FeeStrategy = z.infer<typeof FeeStrategySchema>;

export const MakerRoleSchema = z.enum(['alice', 'bob']);
export type MakerRole = z.infer<typeof MakerRoleSchema>;

/** ed25519 public key, 32 bytes hex: signs the offer and is the maker's TLS identity on the peer link. */
export const IdentityKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'identity key: 32 bytes as lowercase hex');

/**
 * A standing quote (offer version 2): taken many times, each take between `minBtcSats` and the
 * offer's `btcSats`, at the price `xmrPiconero / btcSats` (the quote at the maximum, exact), by at most
 * `capacity` swaps running at once. Each take gets its own swap id (standing-offer.ts `takeSwapId`).
 */
export const StandingTermsSchema = z.object({
  minBtcSats: AmountSchema,
  capacity: z.number().int().min(1).max(0xffff),
});
export type StandingTerms = z.infer<typeof StandingTermsSchema>;

export const OfferTermsSchema = z.object({
  /** Version 1 (no `standing`): the offer id is the swap id, taken once. Version 2: see StandingTermsSchema. */
  offerId: SwapIdSchema,
  network: OfferNetworkNameSchema,
  makerRole: MakerRoleSchema,
  btcSats: AmountSchema,
  xmrPiconero: AmountSchema,
  cancelTimelock: TimelockSchema,
  punishTimelock: TimelockSchema,
  fee: FeeStrategySchema,
  /** Unix seconds; u32 on the wire (valid until 2106). */
  expiresAt: z.number().int().min(0).max(0xffffffff),
  makerKey: IdentityKeySchema,
  makerAddress: PeerAddressSchema,
  /** Present: a version-2 standing offer; absent: a version-1 single-take offer. */
  standing: StandingTermsSchema.optional(),
});
export type OfferTerms = z.infer<typeof OfferTermsSchema>;

/** Terms that came out of a signature-checked, rule-checked offer string; only `parseOffer` makes one. */
export type VerifiedOffer = OfferTerms & { readonly __verified: 'VerifiedOffer' };

export type OfferErrorKind =
  | 'offer-encoding' // not an fcswap1 string, or its checksum fails (a typo or a truncated paste)
  | 'offer-malformed' // checksum fine but the bytes do not decode to terms
  | 'offer-unsupported-version'
  | 'offer-unknown-network'
  | 'offer-bad-signature'
  | 'offer-expired'
  | 'offer-bad-amount'
  | 'offer-bad-params' // timelocks or fee break the temporal safety rules
  | 'offer-bad-key';
export type OfferError = AppError<OfferErrorKind>;
