// Settings changes done safely: a network switch turns the sandbox off and checks the new nodes before
// saving; a failing check or a running swap saves nothing and says why; node changes the wallet does not
// use (the sandbox's own nodes serve it) are only saved; a change in use reopens the wallet; a change of
// Nostr relays is checked for its shape, saved even while a swap runs, and moves only the offer book.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/ipc/channels';
import { appError, err, ok } from '../../shared/result';
import { changeSettings, planChange, type ChangeDeps } from './settings-change';

const sandboxOn: Settings = {
  network: 'regtest',
  sandbox: true,
  bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }],
  moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }],
  dataDir: '/d',
};
const mainnetNodes = {
  bitcoinNodes: [{ url: 'http://127.0.0.1:8332', auth: { kind: 'cookie' as const, file: '/btc/.cookie' } }],
  moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }],
};

function deps(start: Settings, o: { running?: number; checkFails?: string } = {}) {
  let saved = start;
  const calls: string[] = [];
  const d: ChangeDeps = {
    current: () => saved,
    runningSwaps: async () => o.running ?? 0,
    check: async (next, chains) => {
      calls.push(`check ${next.network} ${chains.join(',')}`);
      return o.checkFails ? err(appError('node-check', o.checkFails)) : ok(undefined);
    },
    save: async (next) => {
      calls.push('save');
      return (saved = next);
    },
    apply: async (next, chains) => void calls.push(`apply ${next.network} ${chains.join(',')}`),
    applyRelays: (next) => void calls.push(`relays ${JSON.stringify(next.relays)}`),
  };
  return { d, calls, saved: () => saved };
}

describe('planChange', () => {
  it('a switch away from regtest turns the sandbox off and touches both chains, nodes checked', () => {
    const p = planChange(sandboxOn, { network: 'mainnet' });
    expect(p).toMatchObject({ ok: true, value: { next: { network: 'mainnet', sandbox: false }, chains: ['btc', 'xmr'], checkNodes: true } });
  });
  it('refuses the sandbox off regtest', () => {
    expect(planChange({ ...sandboxOn, sandbox: false, network: 'testnet' }, { sandbox: true })).toMatchObject({ ok: false, error: { kind: 'sandbox-regtest-only' } });
  });
  it('node edits under the sandbox are only saved (its own nodes serve the wallet)', () => {
    expect(planChange(sandboxOn, mainnetNodes)).toMatchObject({ ok: true, value: { chains: [], checkNodes: false } });
  });
  it('a node edit in use touches only its chain', () => {
    const on = { ...sandboxOn, sandbox: false };
    expect(planChange(on, { moneroNodes: [{ url: 'http://node.example:18089', trusted: false }] })).toMatchObject({ ok: true, value: { chains: ['xmr'], checkNodes: true } });
  });
  it('turning the sandbox on touches both chains but checks no node of the person', () => {
    expect(planChange({ ...sandboxOn, sandbox: false }, { sandbox: true })).toMatchObject({ ok: true, value: { chains: ['btc', 'xmr'], checkNodes: false } });
  });
});

describe('changeSettings', () => {
  it('checks, saves, then reopens the wallet on the new network', async () => {
    const r = deps(sandboxOn);
    const out = await changeSettings(r.d, { network: 'mainnet', ...mainnetNodes });
    expect(out).toMatchObject({ ok: true, value: { network: 'mainnet', sandbox: false } });
    expect(r.calls).toEqual(['check mainnet btc,xmr', 'save', 'apply mainnet btc,xmr']);
  });

  it('saves nothing when a node fails its check, and says which', async () => {
    const r = deps(sandboxOn, { checkFails: 'Bitcoin node 127.0.0.1:8332 is on the "test" chain, not mainnet\'s "main".' });
    const out = await changeSettings(r.d, { network: 'mainnet', ...mainnetNodes });
    expect(out).toEqual({ ok: false, error: { kind: 'node-check', message: 'Not saved: Bitcoin node 127.0.0.1:8332 is on the "test" chain, not mainnet\'s "main".' } });
    expect(r.calls).toEqual(['check mainnet btc,xmr']);
    expect(r.saved()).toBe(sandboxOn);
  });

  it('refuses a network or node change under a running swap, with the reason, and checks nothing', async () => {
    const r = deps({ ...sandboxOn, sandbox: false }, { running: 1 });
    const out = await changeSettings(r.d, { moneroNodes: [{ url: 'http://node.example:18089', trusted: false }] });
    expect(out).toMatchObject({ ok: false, error: { kind: 'swap-running', message: expect.stringContaining("a swap is running on Monero. A swap's watches and deadlines depend on the chain's view") } });
    const net = await changeSettings(r.d, { network: 'testnet' });
    expect(net).toMatchObject({ ok: false, error: { kind: 'swap-running', message: expect.stringContaining('change the network once it has finished') } });
    expect(r.calls).toEqual([]);
  });

  it('saves what touches no chain in use even while a swap runs', async () => {
    const r = deps(sandboxOn, { running: 2 });
    const out = await changeSettings(r.d, mainnetNodes);
    expect(out.ok).toBe(true);
    expect(r.calls).toEqual(['save']);
  });
});

describe('relays', () => {
  const local = 'ws://127.0.0.1:7777';
  it('a relay list touches no chain: only the book moves', () => {
    expect(planChange(sandboxOn, { relays: ['wss://relay.example', local] })).toMatchObject({ ok: true, value: { chains: [], checkNodes: false, relays: true, next: { relays: ['wss://relay.example', local] } } });
    expect(planChange({ ...sandboxOn, relays: [local] }, { relays: [local] })).toMatchObject({ ok: true, value: { relays: false } });
  });

  it('saves and applies a new list even while swaps run, each relay once, in the order given', async () => {
    const r = deps(sandboxOn, { running: 3 });
    const out = await changeSettings(r.d, { relays: [local, 'wss://relay.example', local] });
    expect(out).toMatchObject({ ok: true, value: { relays: [local, 'wss://relay.example'] } });
    expect(r.calls).toEqual(['save', `relays ["${local}","wss://relay.example"]`]);
  });

  it('relays: null goes back to the network defaults (no list), and moves the book', async () => {
    const r = deps({ ...sandboxOn, relays: [local] });
    const out = await changeSettings(r.d, { relays: null });
    expect(out.ok && out.value.relays).toBeUndefined();
    expect(r.calls).toEqual(['save', 'relays undefined']);
    expect(planChange({ ...sandboxOn, relays: [local] }, { sandbox: true })).toMatchObject({ ok: true, value: { relays: false, next: { relays: [local] } } });
  });

  it('an empty list is a choice (no relay at all), unlike no list (the defaults)', async () => {
    const r = deps(sandboxOn);
    const out = await changeSettings(r.d, { relays: [] });
    expect(out).toMatchObject({ ok: true, value: { relays: [] } });
    expect(r.calls).toEqual(['save', 'relays []']);
  });

  it('refuses a clear-text relay off this machine and one that is not a URL, naming it; nothing saved', async () => {
    const r = deps(sandboxOn);
    for (const bad of ['ws://relay.example', 'https://relay.example', 'relay.example']) {
      const out = await changeSettings(r.d, { relays: [local, bad] });
      expect(out).toMatchObject({ ok: false, error: { kind: 'relay-invalid', message: expect.stringContaining(`"${bad}": a relay address is wss://`) } });
    }
    const many = await changeSettings(r.d, { relays: Array.from({ length: 17 }, (_, i) => `wss://r${i}.example`) });
    expect(many).toMatchObject({ ok: false, error: { kind: 'relay-invalid', message: expect.stringContaining('at most 16 relays') } });
    expect(r.calls).toEqual([]);
    expect(r.saved()).toBe(sandboxOn);
  });

  it('with a chain change the wallet reopens (on the new relays too), and the book is not moved twice', async () => {
    const r = deps(sandboxOn);
    const out = await changeSettings(r.d, { network: 'mainnet', ...mainnetNodes, relays: ['wss://relay.example'] });
    expect(out).toMatchObject({ ok: true, value: { network: 'mainnet', relays: ['wss://relay.example'] } });
    expect(r.calls).toEqual(['check mainnet btc,xmr', 'save', 'apply mainnet btc,xmr']);
  });
});
