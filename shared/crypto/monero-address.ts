// Monero address encoding and decoding (standard, integrated, subaddress) for mainnet, testnet and
// stagenet, with the prefixes of shared/networks/monero-chains.ts. Invariant: an address is accepted
// only with a known prefix, exact length, matching Keccak checksum and two valid public keys.
// Regtest (FAKECHAIN) uses mainnet prefixes.
import { base58xmr } from '@scure/base';
import { concatBytes, equalBytes } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { parseEdPoint } from './ed25519-codec';
import { keccak256 } from './monero-keys';
import { MONERO_PREFIXES, moneroAddressNetworkOf, type MoneroAddressKind, type MoneroAddressNetwork } from '../networks/monero-chains';
import { moneroChainOf, type SwapNetworkName } from '../networks/swap-networks';

/** The networks an address names; the prefixes and the swap's chains are in shared/networks. */
export type MoneroNetwork = MoneroAddressNetwork;
export type { MoneroAddressKind };
export { MONERO_PREFIXES };

/** The Monero address network of a swap network (or of a Monero chain): regtest is mainnet-format, signet pairs with stagenet. */
export const moneroNetworkFor = (network: SwapNetworkName): MoneroNetwork => moneroAddressNetworkOf(moneroChainOf(network));

export interface MoneroAddress {
  readonly network: MoneroNetwork;
  readonly kind: MoneroAddressKind;
  readonly publicSpend: Uint8Array;
  readonly publicView: Uint8Array;
  readonly paymentId?: Uint8Array;
}

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Uint8Array.from(out);
}

function readVarint(b: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && i < b.length; i++) {
    const byte = b[i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (i > 0 && byte === 0) return undefined; // non-canonical
      return { value, length: i + 1 };
    }
  }
  return undefined;
}

export function encodeMoneroAddress(a: MoneroAddress): CryptoResult<string> {
  const spend = parseEdPoint(a.publicSpend, 'public spend key');
  if (!spend.ok) return spend;
  const view = parseEdPoint(a.publicView, 'public view key');
  if (!view.ok) return view;
  const parts = [varint(MONERO_PREFIXES[a.network][a.kind]), a.publicSpend, a.publicView];
  if (a.kind === 'integrated') {
    if (!a.paymentId || a.paymentId.length !== 8) return fail('bad-length', 'integrated address: payment id must be 8 bytes');
    parts.push(a.paymentId);
  } else if (a.paymentId) {
    return fail('bad-encoding', `${a.kind} address carries no payment id`);
  }
  const body = concatBytes(...parts);
  return ok(base58xmr.encode(concatBytes(body, keccak256(body).subarray(0, 4))));
}

export const encodeStandardAddress = (network: MoneroNetwork, publicSpend: Uint8Array, publicView: Uint8Array): CryptoResult<string> =>
  encodeMoneroAddress({ network, kind: 'standard', publicSpend, publicView });

const byPrefix = new Map<number, { network: MoneroNetwork; kind: MoneroAddressKind }>();
for (const [network, kinds] of Object.entries(MONERO_PREFIXES) as [MoneroNetwork, Record<MoneroAddressKind, number>][]) {
  for (const [kind, prefix] of Object.entries(kinds) as [MoneroAddressKind, number][]) byPrefix.set(prefix, { network, kind });
}

export function decodeMoneroAddress(text: string): CryptoResult<MoneroAddress> {
  let raw: Uint8Array;
  try {
    raw = base58xmr.decode(text);
  } catch (e) {
    return fail('bad-encoding', `address: not Monero base58 (${(e as Error).message})`);
  }
  const tag = readVarint(raw);
  if (!tag) return fail('bad-encoding', 'address: bad prefix varint');
  const meta = byPrefix.get(tag.value);
  if (!meta) return fail('bad-encoding', `address: unknown prefix ${tag.value}`);
  const expected = tag.length + 64 + (meta.kind === 'integrated' ? 8 : 0) + 4;
  if (raw.length !== expected) return fail('bad-length', `address: ${raw.length} bytes, expected ${expected} for ${meta.network} ${meta.kind}`);
  const body = raw.subarray(0, raw.length - 4);
  if (!equalBytes(keccak256(body).subarray(0, 4), raw.subarray(raw.length - 4))) return fail('bad-checksum', 'address: checksum mismatch');
  const publicSpend = raw.slice(tag.length, tag.length + 32);
  const publicView = raw.slice(tag.length + 32, tag.length + 64);
  const s = parseEdPoint(publicSpend, 'address public spend key');
  if (!s.ok) return s;
  const v = parseEdPoint(publicView, 'address public view key');
  if (!v.ok) return v;
  const base = { network: meta.network, kind: meta.kind, publicSpend, publicView };
  return ok(meta.kind === 'integrated' ? { ...base, paymentId: raw.slice(tag.length + 64, tag.length + 72) } : base);
}
