import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, type Settings } from './channels';
import { dispatch, type Handlers } from './validate';

const settings: Settings = {
  network: 'regtest',
  sandbox: true,
  bitcoinNodes: [{ url: 'http://x', auth: { kind: 'none' } }],
  moneroNodes: [{ url: 'http://y', trusted: true }],
  dataDir: '/d',
};
const unused = async () => ({ ok: false as const, error: { kind: 'unused', message: 'not part of this test' } });
const handlers: Handlers = {
  'app:status': unused,
  'sandbox:offer': unused,
  'sandbox:addresses': unused,
  'offer:review': unused,
  'swap:start': unused,
  'swap:get': unused,
  'swap:action': unused,
  'offers:make': async () => ({ ok: false, error: { kind: 'offer-terms-invalid', message: 'The minimum is above the maximum.', field: 'minBtcSats' } }),
  'offers:list': unused,
  'offers:revoke': unused,
  'book:list': unused,
  'seed:status': unused,
  'seed:words': async () => ({ ok: true, value: { words: Array.from({ length: 24 }, () => 'abandon') } }),
  'seed:confirm-backup': unused,
  'seed:restore': unused,
  'swap:export-support': unused,
  'swap:export-recovery': unused,
  'restore:run': unused,
  'restore:report': unused,
  'restore:dismiss': unused,
  'swap:manual': unused,
  'app:info': async () => ({ ok: true, value: { version: '1', host: 'browser-host', dataDir: '/d' } }),
  'swaps:list': async () => ({ ok: true, value: [{ bogus: 1 }] as never }),
  'settings:get': async () => {
    throw new Error('disk on fire');
  },
  'settings:set': async ({ relays, ...patch }) => ({ ok: true, value: { ...settings, ...patch, ...(relays ? { relays } : {}) } }),
};

describe('IPC dispatch', () => {
  it('the name list and the schema table describe the same channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(CHANNELS).sort());
  });
  it('passes a valid request and response through', async () => {
    expect(await dispatch(handlers, 'settings:set', { network: 'testnet' })).toEqual({ ok: true, value: { ...settings, network: 'testnet' } });
  });
  it('rejects unknown channels and bad requests before any handler runs', async () => {
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'settings:set', { network: 'moon' })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'app:info', { extra: true })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
  });
  it('turns a throwing handler or a malformed response into an error value, never an Error', async () => {
    const thrown = await dispatch(handlers, 'settings:get', {});
    expect(thrown).toEqual({ ok: false, error: { kind: 'internal', message: 'settings:get failed: disk on fire' } });
    expect(await dispatch(handlers, 'swaps:list', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });
  it('offers:make: a malformed request never reaches the wallet; a refused one comes back with the field to change', async () => {
    const good = { makerRole: 'bob', minBtcSats: '200000', maxBtcSats: '100000', xmrPerBtcPiconero: '150000000000000', expiresInSec: 3600, capacity: 2, btcAddress: 'a', xmrAddress: 'b' };
    expect(await dispatch(handlers, 'offers:make', { ...good, makerRole: 'carol' })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'offers:make', { ...good, minBtcSats: '-1' })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'offers:make', { ...good, port: 70000 })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'offers:make', good)).toEqual({ ok: false, error: { kind: 'offer-terms-invalid', message: 'The minimum is above the maximum.', field: 'minBtcSats' } });
    expect(await dispatch(handlers, 'swap:start', { offer: 'x', btcAddress: 'a', xmrAddress: 'b', btcSats: '1.5' })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
  });
  it('seed: the words only with confirm: true; a check needs 3 different positions; a restore text is bounded', async () => {
    expect(await dispatch(handlers, 'seed:words', {})).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'seed:words', { confirm: false })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'seed:words', { confirm: true })).toMatchObject({ ok: true });
    const pick = (position: number) => ({ position, word: 'abandon' });
    expect(await dispatch(handlers, 'seed:confirm-backup', { picks: [pick(1), pick(2)] })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'seed:confirm-backup', { picks: [pick(1), pick(2), pick(2)] })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'seed:confirm-backup', { picks: [pick(1), pick(2), pick(25)] })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
    expect(await dispatch(handlers, 'seed:confirm-backup', { picks: [pick(1), pick(2), pick(3)] })).toMatchObject({ ok: false, error: { kind: 'unused' } });
    expect(await dispatch(handlers, 'seed:restore', { words: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: { kind: 'ipc-invalid' } });
  });
});
