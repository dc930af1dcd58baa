// A pasted offer as chat clients deliver it: wrapped offers decode, damaged ones say where and never
// repeat the offer. Every offer here is made by createOffer (the maker's own path).
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../crypto/btc-network';
import { locateBech32Damage } from '../crypto/bech32-damage';
import type { SwapId } from '../ids';
import { createOffer, identityKeyOf, parseOffer } from './offer';
import { compactOfferText } from './offer-damage';
import { reviewOffer } from './offer-review';
import type { OfferTerms } from './offer-schema';

const NOW = 1_800_000_000;
const SEED = new Uint8Array(32).fill(7);
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const terms = (standing = false): OfferTerms => ({
  offerId: '00112233445566778899aabbccddeeff' as SwapId,
  network: 'regtest',
  makerRole: 'alice',
  btcSats: '1000000',
  xmrPiconero: '1000000000000',
  cancelTimelock: 60,
  punishTimelock: 80,
  fee: { kind: 'fixed', satPerKvB: 2000 },
  expiresAt: NOW + 3600,
  makerKey: identityKeyOf(SEED),
  makerAddress: { host: 'maker.example.org', port: 9735 },
  ...(standing ? { standing: { minBtcSats: '100000', capacity: 3 } } : {}),
});

const make = (standing = false): string => {
  const r = createOffer(terms(standing), SEED, { nowSec: NOW });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const OFFER = make();
const STANDING = make(true);

/** The error message of a refused parse (throws when it parsed). */
const refusal = (text: string): string => {
  const r = parseOffer(text, { nowSec: NOW });
  if (r.ok) throw new Error('expected a refusal');
  return `${r.error.kind}: ${r.error.message}`;
};

/** No stretch of 20 characters of the offer appears in the message (the whole offer is never echoed). */
const noEcho = (message: string, offer: string): void => {
  for (let i = 0; i + 20 <= offer.length; i += 10) expect(message).not.toContain(offer.slice(i, i + 20));
};

const wrap = (s: string, width: number, sep: string): string => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join(sep);

describe('a wrapped offer is accepted', () => {
  it.each([
    ['spaces', (s: string) => wrap(s, 40, ' ')],
    ['line breaks', (s: string) => wrap(s, 64, '\n')],
    ['CRLF line breaks', (s: string) => wrap(s, 72, '\r\n')],
    ['tabs and indentation', (s: string) => `\t${wrap(s, 30, '\n\t  ')}\n`],
    ['zero-width spaces and soft hyphens', (s: string) => wrap(s, 25, '\u200b\u00ad')],
    ['all capitals, wrapped', (s: string) => wrap(s.toUpperCase(), 50, '\n')],
  ])('%s', (_name, mangle) => {
    for (const offer of [OFFER, STANDING]) {
      const pasted = mangle(offer);
      expect(pasted).not.toBe(offer);
      const r = parseOffer(pasted, { nowSec: NOW });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toEqual(parseOffer(offer, { nowSec: NOW }).ok && (parseOffer(offer, { nowSec: NOW }) as { value: unknown }).value);
    }
  });

  it('the review shows (and the swap keeps) the offer without the wrapping', () => {
    const r = reviewOffer(wrap(OFFER, 60, '\r\n'), { nowSec: NOW, btc: BTC_NETWORKS['litecoin-regtest'], feeEstimateSatPerKvB: null });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.review.offer).toBe(OFFER);
    expect(compactOfferText(` a b\n\tc\u200bd\ufeff `)).toBe('abcd');
    const damaged = reviewOffer(wrap(`${OFFER.slice(0, 99)}${OFFER[99] === 'q' ? 'p' : 'q'}${OFFER.slice(100)}`, 60, '\n'), { nowSec: NOW, btc: BTC_NETWORKS['litecoin-regtest'], feeEstimateSatPerKvB: null });
    expect(!damaged.ok && damaged.error.message).toContain(`character 100 of ${OFFER.length} (spaces and line breaks not counted)`);
  });
});

describe('a damaged offer says where, and never repeats the offer', () => {
  const change = (s: string, at: number): string => {
    const c = s[at]!;
    const other = CHARSET[(CHARSET.indexOf(c) + 7) % 32]!;
    return s.slice(0, at) + other + s.slice(at + 1);
  };

  it('a changed character: its position (1-based), counted without spaces and line breaks when there were some', () => {
    for (const at of [7, 8, 50, 120, OFFER.length - 1]) {
      const damaged = change(OFFER, at);
      const m = refusal(damaged);
      expect(m).toMatch(/^offer-encoding: /);
      expect(m).toContain(`character ${at + 1} of ${OFFER.length}:`);
      expect(m).not.toMatch(/not counted/);
      noEcho(m, OFFER);
      const wrapped = refusal(wrap(damaged, 40, '\n'));
      expect(wrapped).toContain(`character ${at + 1} of ${OFFER.length} (spaces and line breaks not counted)`);
      noEcho(wrapped, OFFER);
    }
  });

  it('a letter no offer uses: its position and the letter alone', () => {
    const damaged = `${OFFER.slice(0, 30)}b${OFFER.slice(31)}`;
    const m = refusal(damaged);
    expect(m).toContain('character 31 of');
    expect(m).toContain('"b" is not a letter an offer uses');
    noEcho(m, OFFER);
  });

  it('a truncated offer is said to be cut short, with how long it should be', () => {
    for (const offer of [OFFER, STANDING]) {
      for (const cut of [1, 5, 40, 120]) {
        const m = refusal(offer.slice(0, -cut));
        expect(m).toMatch(/^offer-encoding: The offer is cut short/);
        if (offer.length - cut > 150) expect(m).toContain(`it has ${offer.length - cut} characters, and one with these terms has ${offer.length}`);
        noEcho(m, offer);
      }
    }
    expect(refusal('fcswap1qq')).toMatch(/cut short/);
  });

  it('extra characters and several changes are told apart', () => {
    const extra = `${OFFER}qq`;
    expect(refusal(extra)).toMatch(/2 characters too many: it has \d+, one with these terms has \d+/);
    noEcho(refusal(extra), OFFER);
    const twice = change(change(OFFER, 40), 90);
    expect(refusal(twice)).toMatch(/more than one character was changed/);
    noEcho(refusal(twice), OFFER);
    expect(refusal(`${OFFER.slice(0, 20)}${OFFER.slice(20).toUpperCase()}`)).toMatch(/mixes capital and small letters/);
  });

  it('the locator names a changed position of a bech32 address too, and null for a good one', () => {
    const good = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';
    expect(locateBech32Damage(good, 'bech32')).toBeNull();
    const bad = `${good.slice(0, 12)}${good[12] === 'q' ? 'p' : 'q'}${good.slice(13)}`;
    expect(locateBech32Damage(bad, 'bech32')).toEqual({ kind: 'changed', position: 13 });
  });
});
