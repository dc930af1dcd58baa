// The maker's offer book on disk: every accepted change survives a reopen, a refused take writes
// nothing (the file's bytes are unchanged), a damaged file is an error (never an empty book), and a
// restart ends takes whose swap is not running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { identityKeyOf } from '../../shared/offer/offer';
import { offerStatus, runningTakes } from '../../shared/offer/offer-registry';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { takeSwapId } from '../../shared/offer/standing-offer';
import { OfferBook } from './offer-book';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offer-book-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NOW = 1_800_000_000;
const OFFER = '00112233445566778899aabbccddeeff' as SwapId;
const terms: OfferTerms = {
  offerId: OFFER, network: 'regtest', makerRole: 'alice', btcSats: '2000000', xmrPiconero: '3000000000000',
  cancelTimelock: 60, punishTimelock: 80, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: NOW + 3600,
  makerKey: identityKeyOf(new Uint8Array(32).fill(7)), makerAddress: { host: '127.0.0.1', port: 40123 },
  standing: { minBtcSats: '500000', capacity: 1 },
};
const key = (n: number) => identityKeyOf(new Uint8Array(32).fill(n));
const nonce = (n: number) => toHex(new Uint8Array(16).fill(n));
const idOf = (n: number) => takeSwapId(OFFER, key(n), nonce(n));
const reserve = (b: OfferBook, n: number) => b.reserve({ offerId: OFFER, nonce: nonce(n), btcSats: '1000000' }, key(n), idOf(n), NOW);

const open = (file: string): OfferBook => {
  const b = OfferBook.open(file);
  if (!b.ok) throw new Error(b.error.message);
  return b.value;
};

describe('offer book (durable registry)', () => {
  it('keeps offers, takes, ends and revocations across a reopen; the file is 0600', () => {
    const file = path.join(dir, 'a', 'offers.json');
    const b = open(file);
    b.publish('fcswap1...', terms);
    expect(reserve(b, 1).ok).toBe(true);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const again = open(file);
    expect(runningTakes(again.snapshot.offers[OFFER]!).map((t) => t.swapId)).toEqual([idOf(1)]);
    again.end(idOf(1));
    again.revoke(OFFER);
    expect(offerStatus(open(file).snapshot.offers[OFFER]!, NOW)).toBe('revoked');
    expect(runningTakes(open(file).snapshot.offers[OFFER]!)).toEqual([]);
  });

  it('a refused take (beyond capacity, revoked) leaves the file byte for byte as it was', () => {
    const file = path.join(dir, 'b', 'offers.json');
    const b = open(file);
    b.publish('fcswap1...', terms);
    expect(reserve(b, 1).ok).toBe(true);
    const bytes = fs.readFileSync(file);
    const full = reserve(b, 2);
    expect(!full.ok && full.error.kind).toBe('offer-full');
    b.revoke(OFFER);
    const revokedBytes = fs.readFileSync(file);
    expect(revokedBytes.equals(bytes)).toBe(false);
    const refused = reserve(b, 3);
    expect(!refused.ok && refused.error.kind).toBe('offer-revoked');
    expect(fs.readFileSync(file).equals(revokedBytes)).toBe(true);
  });

  it('a damaged file is an error, not an empty book', () => {
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, '{"version":1,"offers":{"x":');
    const r = OfferBook.open(file);
    expect(!r.ok && r.error.kind).toBe('offer-book-damaged');
    fs.writeFileSync(file, '{"version":2,"offers":{}}');
    expect(OfferBook.open(file).ok).toBe(false);
  });

  it('reconcile: a take whose swap is not running after a restart has ended (it frees its place)', () => {
    const file = path.join(dir, 'd', 'offers.json');
    const b = open(file);
    b.publish('fcswap1...', { ...terms, standing: { minBtcSats: '500000', capacity: 2 } });
    reserve(b, 1);
    reserve(b, 2);
    b.reconcile(new Set([idOf(2)]));
    expect(runningTakes(open(file).snapshot.offers[OFFER]!).map((t) => t.swapId)).toEqual([idOf(2)]);
  });
});
