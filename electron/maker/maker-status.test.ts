import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { identityKeyOf } from '../../shared/offer/offer';
import { addOffer, emptyRegistry, recordTake, revokeOffer } from '../../shared/offer/offer-registry';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { emptyCounts, readStatus, statusOffers, writeStatus, type MakerStatus } from './maker-status';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maker-status-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const NOW = 1_800_000_000;
const terms = (id: string, makerRole: 'alice' | 'bob'): OfferTerms => ({
  offerId: id as SwapId, network: 'regtest', makerRole, btcSats: '2000000', xmrPiconero: '3000000000000', cancelTimelock: 60, punishTimelock: 80,
  fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: NOW + 3600, makerKey: identityKeyOf(new Uint8Array(32).fill(7)),
  makerAddress: { host: '127.0.0.1', port: 40123 }, standing: { minBtcSats: '500000', capacity: 2 },
});
const status = (state: MakerStatus['state'], pid = process.pid): MakerStatus => ({
  version: 1, pid, state, network: 'regtest', listen: { host: '127.0.0.1', port: 1 }, startedAt: 'a', updatedAt: 'b', offers: [], swaps: [], finished: emptyCounts(),
});

describe('maker status', () => {
  it('offers: side, remaining places, revoked ones left out unless asked', () => {
    let book = addOffer(addOffer(emptyRegistry(), 'fcswap1a', terms('a'.repeat(32), 'alice')), 'fcswap1b', terms('b'.repeat(32), 'bob'));
    book = recordTake(book, 'a'.repeat(32), { swapId: 'c'.repeat(32) as SwapId, takerKey: 'k', btcSats: '1000000', xmrPiconero: '1', takenAt: NOW, ended: false });
    book = revokeOffer(book, 'b'.repeat(32));
    expect(statusOffers(book, NOW).map((o) => [o.side, o.status, o.running, o.remaining, o.minBtcSats, o.maxBtcSats])).toEqual([['sell_xmr', 'open', 1, 1, '500000', '2000000']]);
    expect(statusOffers(book, NOW, true).map((o) => [o.side, o.status, o.remaining])).toEqual([['sell_xmr', 'open', 1], ['buy_xmr', 'revoked', 0]]);
  });

  it('no file, a damaged file, a stopped maker, a dead pid: not running, each with its reason; a live pid: running', () => {
    const d = path.join(dir, 'm');
    expect(readStatus(d)).toMatchObject({ kind: 'not-running', reason: expect.stringMatching(/no maker has run/) });
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'status.json'), '{"version":1');
    expect(readStatus(d)).toMatchObject({ kind: 'not-running', reason: expect.stringMatching(/cannot be read/) });
    writeStatus(d, status('stopped'));
    expect(readStatus(d)).toMatchObject({ kind: 'not-running', reason: expect.stringMatching(/stopped at b/), last: { state: 'stopped' } });
    writeStatus(d, status('running', 4_000_000));
    expect(readStatus(d, () => false)).toMatchObject({ kind: 'not-running', reason: expect.stringMatching(/pid 4000000\) is gone/) });
    writeStatus(d, status('running'));
    expect(readStatus(d)).toMatchObject({ kind: 'running', status: { pid: process.pid } });
    expect(fs.statSync(path.join(d, 'status.json')).mode & 0o777).toBe(0o600);
  });

  it('the relays and the Nostr key are read back; a status without them (an older maker) still reads', () => {
    const d = path.join(dir, 'n');
    fs.mkdirSync(d);
    const nostr = { pubkey: 'ab'.repeat(32), relays: [{ url: 'ws://127.0.0.1:7777', status: 'failing' as const, lastError: 'ECONNREFUSED' }] };
    writeStatus(d, { ...status('running'), nostr });
    expect(readStatus(d)).toMatchObject({ kind: 'running', status: { nostr } });
    writeStatus(d, { ...status('running'), nostr: { ...nostr, relays: [{ url: 'x', status: 'gone' as 'closed', lastError: null }] } });
    expect(readStatus(d)).toMatchObject({ kind: 'not-running', reason: expect.stringMatching(/does not parse/) });
    writeStatus(d, status('running'));
    expect(readStatus(d)).toMatchObject({ kind: 'running' });
  });
});
