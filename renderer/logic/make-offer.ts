// The Make-an-offer form as pure logic: decimal amounts typed by a person into exact integer units,
// the form into the offers:make request (with the field at fault when it cannot be one), the rate in
// the other coin, an offer's state in words, and the amount a taker picks inside a standing offer's
// range. Amounts never go through floating point: a rounded amount would sign the wrong price.
import type { MadeOffer, MakeOfferRequest, OffersList } from '../../shared/ipc/offer-channels';
import { checkMakeOfferChoices, SATS_PER_BTC, type MakeOfferField } from '../../shared/offer/make-offer-terms';
import type { Network, OfferReview } from '../../shared/ipc/channels';
import { formatBtc, formatXmr } from './format';

export const PICONERO_PER_XMR = 1_000_000_000_000n;

/** "0.015" BTC -> 1500000n; null when it is not a plain decimal with at most `decimals` places. */
export function decimalToUnits(text: string, decimals: number): bigint | null {
  const t = text.trim();
  const m = /^(\d{0,20})(?:\.(\d*))?$/.exec(t);
  if (!m || t === '' || t === '.') return null;
  const frac = m[2] ?? '';
  if (frac.length > decimals) return null;
  return BigInt(m[1] || '0') * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

export const btcToSats = (text: string): bigint | null => decimalToUnits(text, 8);
export const xmrToPiconero = (text: string): bigint | null => decimalToUnits(text, 12);

export interface MakeOfferForm {
  makerRole: 'alice' | 'bob';
  minBtc: string;
  maxBtc: string;
  /** XMR for one BTC. */
  price: string;
  cancelTimelock: string;
  punishTimelock: string;
  /** sat/vB, decimals allowed (the node's estimate is in sat/kvB). */
  feeSatVb: string;
  expiryHours: string;
  capacity: string;
  port: string;
  host: string;
  btcAddress: string;
  xmrAddress: string;
}

export type FormProblem = { readonly field: MakeOfferField; readonly message: string };

/** The form's starting values on this network: the defaults the wallet reported. */
export function initialForm(d: OffersList['defaults'] | null, listeningPort: number | null): MakeOfferForm {
  return {
    makerRole: 'bob',
    minBtc: '0.001',
    maxBtc: '0.01',
    price: '',
    cancelTimelock: d ? String(d.cancelTimelock) : '',
    punishTimelock: d ? String(d.punishTimelock) : '',
    feeSatVb: d ? String(d.feeSatPerKvB / 1000) : '',
    expiryHours: '24',
    capacity: '1',
    port: listeningPort ? String(listeningPort) : '',
    host: d?.host ?? '',
    btcAddress: '',
    xmrAddress: '',
  };
}

const int = (s: string): number | null => (/^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : null);

/** The request the form stands for, or the first field a person must change (checked as the wallet will). */
export function formRequest(f: MakeOfferForm, network: Network): { ok: true; request: MakeOfferRequest } | { ok: false; problem: FormProblem } {
  const bad = (field: MakeOfferField, message: string) => ({ ok: false as const, problem: { field, message } });
  const min = btcToSats(f.minBtc);
  const max = btcToSats(f.maxBtc);
  const price = xmrToPiconero(f.price);
  if (min === null) return bad('minBtcSats', 'The minimum is a BTC amount like 0.001 (at most 8 decimals).');
  if (max === null) return bad('maxBtcSats', 'The maximum is a BTC amount like 0.01 (at most 8 decimals).');
  if (price === null || price === 0n) return bad('xmrPerBtcPiconero', 'The price is how many XMR you ask for (or give for) one BTC, like 150.5.');
  const fee = decimalToUnits(f.feeSatVb, 3);
  const nums = { cancelTimelock: int(f.cancelTimelock), punishTimelock: int(f.punishTimelock), capacity: int(f.capacity) };
  for (const [field, v] of Object.entries(nums)) if (v === null) return bad(field as MakeOfferField, 'A whole number, please.');
  if (fee === null) return bad('feeSatPerKvB', 'The fee rate is in sat/vB, like 2 or 2.5.');
  const hours = Number(f.expiryHours.trim());
  if (!/^\d+(\.\d+)?$/.test(f.expiryHours.trim()) || !Number.isFinite(hours)) return bad('expiresInSec', 'The expiry is a number of hours, like 24.');
  const port = f.port.trim() === '' ? undefined : int(f.port);
  if (port === null || (port !== undefined && (port < 1 || port > 65535))) return bad('port', 'A port is a number from 1 to 65535 (empty: the one in use, or any free one).');
  const request: MakeOfferRequest = {
    makerRole: f.makerRole,
    minBtcSats: min.toString(),
    maxBtcSats: max.toString(),
    xmrPerBtcPiconero: price.toString(),
    cancelTimelock: nums.cancelTimelock!,
    punishTimelock: nums.punishTimelock!,
    feeSatPerKvB: Number(fee),
    expiresInSec: Math.round(hours * 3600),
    capacity: nums.capacity!,
    ...(port !== undefined ? { port } : {}),
    ...(f.host.trim() ? { host: f.host.trim() } : {}),
    btcAddress: f.btcAddress.trim(),
    xmrAddress: f.xmrAddress.trim(),
  };
  const checked = checkMakeOfferChoices({ ...request, cancelTimelock: request.cancelTimelock!, punishTimelock: request.punishTimelock!, feeSatPerKvB: request.feeSatPerKvB! }, network);
  if (!checked.ok) return bad(checked.error.field, checked.error.message);
  if (!request.btcAddress) return bad('btcAddress', 'Your Bitcoin address is needed.');
  if (!request.xmrAddress) return bad('xmrAddress', 'Your Monero address is needed.');
  return { ok: true, request };
}

/** "1 XMR = 0.00664452 BTC": the price the other way round, for a person who thinks in the other coin. */
export function inverseRate(priceText: string): string | null {
  const p = xmrToPiconero(priceText);
  if (p === null || p === 0n) return null;
  // BTC (in sats) for one XMR: 1e8 sats * 1e12 / p, rounded down.
  return `1 XMR = ${formatBtc((SATS_PER_BTC * PICONERO_PER_XMR) / p)}`;
}

/** What one take at the maximum and at the minimum exchanges, in the person's words. */
export function rangeText(f: MakeOfferForm): string | null {
  const min = btcToSats(f.minBtc);
  const max = btcToSats(f.maxBtc);
  const p = xmrToPiconero(f.price);
  if (min === null || max === null || p === null || min > max || p === 0n) return null;
  const x = (sats: bigint) => formatXmr((sats * p) / SATS_PER_BTC);
  const verb = f.makerRole === 'bob' ? 'You buy' : 'You sell';
  return `${verb} ${x(min)} for ${formatBtc(min)} up to ${x(max)} for ${formatBtc(max)} per swap.`;
}

/** The offer's state as the list says it. */
export function stateText(o: Pick<MadeOffer, 'state' | 'running' | 'capacity'>): string {
  if (o.state === 'taken') return `taken (${o.running} of ${o.capacity} running)`;
  return o.state;
}

/** The field label each problem points at (the form marks it). */
export const FIELD_IDS: Record<MakeOfferField, string> = {
  makerRole: 'mo-direction-bob',
  minBtcSats: 'mo-min',
  maxBtcSats: 'mo-max',
  xmrPerBtcPiconero: 'mo-price',
  cancelTimelock: 'mo-cancel',
  punishTimelock: 'mo-punish',
  feeSatPerKvB: 'mo-fee',
  expiresInSec: 'mo-expiry',
  capacity: 'mo-capacity',
  port: 'mo-port',
  host: 'mo-host',
  btcAddress: 'mo-btc-address',
  xmrAddress: 'mo-xmr-address',
};

/** The taker's amount inside a standing offer's range: sats, the XMR it exchanges, or what is wrong. */
export function takeAmount(r: Pick<OfferReview, 'btcSats' | 'xmrPiconero' | 'minBtcSats'>, text: string): { ok: true; sats: bigint; xmr: bigint } | { ok: false; problem: string } {
  const max = BigInt(r.btcSats);
  const min = BigInt(r.minBtcSats ?? r.btcSats);
  const sats = btcToSats(text);
  if (sats === null) return { ok: false, problem: 'A BTC amount like 0.005 (at most 8 decimals).' };
  if (sats < min || sats > max) return { ok: false, problem: `This offer takes ${formatBtc(min)} to ${formatBtc(max)}.` };
  return { ok: true, sats, xmr: (sats * BigInt(r.xmrPiconero)) / max };
}

/** A range the taker chooses in (a standing offer whose minimum is below its maximum). */
export const isRange = (r: Pick<OfferReview, 'btcSats' | 'minBtcSats'>): boolean => r.minBtcSats !== undefined && BigInt(r.minBtcSats) < BigInt(r.btcSats);
