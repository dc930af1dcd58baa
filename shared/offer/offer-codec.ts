// Offer terms <-> the fixed binary layout that gets signed (big-endian). Version 1: one take, the
// offer id is the swap id. Version 2 (terms with `standing`): the version-1 layout followed by the
// minimum BTC amount (u64) and the capacity (u16). Guards: one encoding per terms value, so a
// signature covers exactly what the taker sees; any stray byte fails.
import { fromHex, toHex } from '../hex';
import type { SwapId } from '../ids';
import { appError, err, ok, type Result } from '../result';
import { networkByWire, OFFER_NETWORKS } from './offer-networks';
import { OfferTermsSchema, type OfferError, type OfferTerms } from './offer-schema';

export const OFFER_VERSION = 1;
export const STANDING_OFFER_VERSION = 2;
/** minBtcSats u64 + capacity u16, after the port. */
const STANDING_TAIL = 8 + 2;
export const SIGNATURE_BYTES = 64;

const ROLE_WIRE = { alice: 0, bob: 1 } as const;
const FEE_WIRE = { fixed: 0 } as const;

// version, network, role | offerId | btc | xmr | cancel | punish | fee kind, fee | expiry | key | hostLen
const FIXED_HEAD = 1 + 1 + 1 + 16 + 8 + 8 + 2 + 2 + 1 + 4 + 4 + 32 + 1;

/** Encodes schema-valid terms; throws only on a bug (terms that bypassed the schema). */
export function encodeTerms(terms: OfferTerms): Uint8Array {
  const t = OfferTermsSchema.parse(terms);
  const host = asciiBytes(t.makerAddress.host);
  if (host.length > 255) throw new RangeError('host longer than 255 bytes');
  const out = new Uint8Array(FIXED_HEAD + host.length + 2 + (t.standing ? STANDING_TAIL : 0));
  const v = new DataView(out.buffer);
  let o = 0;
  v.setUint8(o++, t.standing ? STANDING_OFFER_VERSION : OFFER_VERSION);
  v.setUint8(o++, OFFER_NETWORKS[t.network].wire);
  v.setUint8(o++, ROLE_WIRE[t.makerRole]);
  out.set(fromHex(t.offerId), o);
  o += 16;
  v.setBigUint64(o, BigInt(t.btcSats));
  o += 8;
  v.setBigUint64(o, BigInt(t.xmrPiconero));
  o += 8;
  v.setUint16(o, t.cancelTimelock);
  o += 2;
  v.setUint16(o, t.punishTimelock);
  o += 2;
  v.setUint8(o++, FEE_WIRE[t.fee.kind]);
  v.setUint32(o, t.fee.satPerKvB);
  o += 4;
  v.setUint32(o, t.expiresAt);
  o += 4;
  out.set(fromHex(t.makerKey), o);
  o += 32;
  v.setUint8(o++, host.length);
  out.set(host, o);
  o += host.length;
  v.setUint16(o, t.makerAddress.port);
  o += 2;
  if (t.standing) {
    v.setBigUint64(o, BigInt(t.standing.minBtcSats));
    v.setUint16(o + 8, t.standing.capacity);
  }
  return out;
}

/**
 * The payload length (bytes, signature excluded) the head of an offer announces: its version and host
 * length fix it. undefined: too few bytes to tell, or an unknown version. Lets a damaged offer be told
 * apart as cut short or with extra characters, without trusting anything else in it.
 */
export function payloadLengthOf(head: Uint8Array): number | undefined {
  if (head.length < FIXED_HEAD) return undefined;
  const version = head[0];
  if (version !== OFFER_VERSION && version !== STANDING_OFFER_VERSION) return undefined;
  return FIXED_HEAD + head[FIXED_HEAD - 1]! + 2 + (version === STANDING_OFFER_VERSION ? STANDING_TAIL : 0);
}

/** Hosts are ASCII by schema (IDNs travel in punycode), so a byte per character is exact. */
export const asciiBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const malformed = (message: string): Result<never, OfferError> => err(appError('offer-malformed', message));

export function decodeTerms(bytes: Uint8Array): Result<OfferTerms, OfferError> {
  if (bytes.length < 1) return malformed('offer is empty');
  const version = bytes[0];
  if (version !== OFFER_VERSION && version !== STANDING_OFFER_VERSION) {
    return err(appError('offer-unsupported-version', `offer version ${version} is not supported (this wallet reads versions ${OFFER_VERSION} and ${STANDING_OFFER_VERSION})`));
  }
  const tail = version === STANDING_OFFER_VERSION ? STANDING_TAIL : 0;
  if (bytes.length < FIXED_HEAD + 2) return malformed(`offer is ${bytes.length} bytes, shorter than the ${FIXED_HEAD + 2}-byte minimum`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 1;
  const netWire = v.getUint8(o++);
  const network = networkByWire(netWire);
  if (network === undefined) return err(appError('offer-unknown-network', `offer names unknown network #${netWire}`));
  const roleWire = v.getUint8(o++);
  const makerRole = roleWire === ROLE_WIRE.alice ? 'alice' : roleWire === ROLE_WIRE.bob ? 'bob' : undefined;
  if (makerRole === undefined) return malformed(`maker role byte ${roleWire} is neither Alice (0) nor Bob (1)`);
  const offerId = toHex(bytes.subarray(o, o + 16)) as SwapId;
  o += 16;
  const btcSats = v.getBigUint64(o).toString();
  o += 8;
  const xmrPiconero = v.getBigUint64(o).toString();
  o += 8;
  const cancelTimelock = v.getUint16(o);
  o += 2;
  const punishTimelock = v.getUint16(o);
  o += 2;
  const feeWire = v.getUint8(o++);
  if (feeWire !== FEE_WIRE.fixed) return malformed(`fee strategy byte ${feeWire} is unknown (only fixed = 0)`);
  const satPerKvB = v.getUint32(o);
  o += 4;
  const expiresAt = v.getUint32(o);
  o += 4;
  const makerKey = toHex(bytes.subarray(o, o + 32));
  o += 32;
  const hostLen = v.getUint8(o++);
  if (bytes.length !== o + hostLen + 2 + tail) return malformed(`offer length ${bytes.length} does not match its ${hostLen}-byte host field (version ${version})`);
  const hostBytes = bytes.subarray(o, o + hostLen);
  if (hostBytes.some((b) => b > 0x7e || b < 0x21)) return malformed('maker host holds a non-printable or non-ASCII byte');
  const host = String.fromCharCode(...hostBytes);
  o += hostLen;
  const port = v.getUint16(o);
  o += 2;
  const standing = tail ? { minBtcSats: v.getBigUint64(o).toString(), capacity: v.getUint16(o + 8) } : undefined;
  const parsed = OfferTermsSchema.safeParse({
    offerId, network, makerRole, btcSats, xmrPiconero, cancelTimelock, punishTimelock,
    fee: { kind: 'fixed', satPerKvB }, expiresAt, makerKey, makerAddress: { host, port }, ...(standing ? { standing } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return malformed(`offer field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return ok(parsed.data);
}
