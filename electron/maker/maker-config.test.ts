import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG as EXAMPLE, editedExample, exampleConfig } from '../../rigs/maker/example-config';
import { DEFAULT_RELAYS } from '../../shared/networks/nostr-relays';
import { checkMakerConfig, loadMakerConfig, makerRelays, sidePrice, toUnits, xmrForBtc, type MakerConfig } from './maker-config';

/** The example with some fields changed: the refusal's field (or 'ok'). */
const fieldOf = (edits: Record<string, unknown>): string => {
  const r = checkMakerConfig(editedExample(edits));
  return r.ok ? 'ok' : r.error.field;
};

describe('maker config', () => {
  it('the documented example parses, with every side, default and path', () => {
    const r = loadMakerConfig(EXAMPLE);
    if (!r.ok) throw new Error(r.error.message);
    const c: MakerConfig = r.value;
    expect(c.network).toBe('mainnet');
    expect(c.bitcoin.nodes[0]).toEqual({ url: 'http://127.0.0.1:8332', cookie_file: '/home/bitcoin/.bitcoin/.cookie' });
    expect(c.policy.sell_xmr).toEqual({ min_btc: '0.001', max_btc: '0.05', spread_percent: 1.5, capacity: 4 });
    expect(c.policy.buy_xmr?.capacity).toBe(4);
    expect(c.secrets).toEqual({ keychain: true, file: '/etc/fcswap-maker/secrets.toml' });
    expect(c.policy.take_timeout_minutes).toBe(30);
  });

  it('the same config as JSON parses to the same thing; relative paths are taken from the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maker-config-'));
    const c = editedExample({ data_dir: 'data', secrets: { keychain: false, file: 'secrets.toml' } });
    fs.writeFileSync(path.join(dir, 'm.json'), JSON.stringify(c));
    const r = loadMakerConfig(path.join(dir, 'm.json'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.data_dir).toBe(path.join(dir, 'data'));
    expect(r.value.secrets.file).toBe(path.join(dir, 'secrets.toml'));
    fs.rmSync(dir, { recursive: true });
  });

  it('a missing node, section or side is a typed error naming the field', () => {
    expect(fieldOf({ 'bitcoin.nodes': [] })).toBe('bitcoin.nodes');
    expect(fieldOf({ 'monero.nodes': undefined })).toBe('monero.nodes');
    expect(fieldOf({ 'monero.wallet_rpc': undefined })).toBe('monero.wallet_rpc');
    expect(fieldOf({ 'bitcoin.nodes': [{ url: 'not a url', cookie_file: '/c' }] })).toBe('bitcoin.nodes.0.url');
    expect(fieldOf({ 'bitcoin.nodes': [{ url: 'http://127.0.0.1:8332' }] })).toBe('bitcoin.nodes.0');
    expect(fieldOf({ 'bitcoin.nodes': [{ url: 'http://127.0.0.1:8332', cookie_file: '/c', user: 'u' }] })).toBe('bitcoin.nodes.0');
    expect(fieldOf({ network: 'moonnet' })).toBe('network');
    expect(fieldOf({ 'bitcoin.regtest_chain': 'litecoin-regtest' })).toBe('bitcoin.regtest_chain');
    expect(fieldOf({ 'listen.extra': 1 })).toBe('listen');
    expect(fieldOf({ 'policy.sell_xmr': undefined, 'policy.buy_xmr': undefined })).toBe('policy');
  });

  it('inconsistent amounts are refused: min above max, below dust, above the supply, an amount as a float', () => {
    expect(fieldOf({ 'policy.sell_xmr.min_btc': '0.06' })).toBe('policy.sell_xmr.min_btc');
    expect(fieldOf({ 'policy.buy_xmr.min_btc': '0.000005' })).toBe('policy.buy_xmr.min_btc');
    expect(fieldOf({ 'policy.buy_xmr.max_btc': '21000001' })).toBe('policy.buy_xmr.max_btc');
    expect(fieldOf({ 'policy.buy_xmr.max_btc': 0.05 })).toBe('policy.buy_xmr.max_btc');
    expect(fieldOf({ 'policy.sell_xmr.capacity': 0 })).toBe('policy.sell_xmr.capacity');
    expect(fieldOf({ 'policy.price_xmr_per_btc': '0' })).toBe('policy.price_xmr_per_btc');
  });

  it('timelocks: punish at or below cancel, or below what the network needs, are refused; the defaults pass', () => {
    expect(fieldOf({})).toBe('ok');
    expect(fieldOf({ 'policy.cancel_timelock': 72, 'policy.punish_timelock': 72 })).toBe('policy.punish_timelock');
    expect(fieldOf({ 'policy.cancel_timelock': 100, 'policy.punish_timelock': 80 })).toBe('policy.punish_timelock');
    // Mainnet: finality 6, safety 7: a cancel of 12 leaves no safe buy window.
    const low = checkMakerConfig(editedExample({ 'policy.cancel_timelock': 12, 'policy.punish_timelock': 24 }));
    expect(low.ok ? 'ok' : low.error.field).toBe('policy.cancel_timelock');
    if (!low.ok) expect(low.error.message).toMatch(/finality 6, safety 7/);
    expect(fieldOf({ 'policy.cancel_timelock': 80, 'policy.punish_timelock': 160 })).toBe('ok');
  });

  it('a fee rate outside floor..cap and a refresh not below the expiry are refused', () => {
    expect(fieldOf({ 'policy.fee_rate_sat_per_vb': 0.5 })).toBe('policy.fee_rate_sat_per_vb');
    expect(fieldOf({ 'policy.fee_rate_sat_per_vb': 1001 })).toBe('policy.fee_rate_sat_per_vb');
    expect(fieldOf({ 'policy.fee_rate_sat_per_vb': 12 })).toBe('ok');
    expect(fieldOf({ 'policy.refresh_minutes': 60 })).toBe('policy.refresh_minutes');
  });

  it('relays: absent is the network defaults, [] announces nowhere, a bad address is refused naming its field', () => {
    expect(makerRelays(exampleConfig({}))).toEqual([...DEFAULT_RELAYS.mainnet]);
    expect(makerRelays(exampleConfig({ network: 'regtest', 'policy.fee_rate_sat_per_vb': 2 }))).toEqual([]);
    expect(makerRelays(exampleConfig({ relays: [] }))).toEqual([]);
    expect(makerRelays(exampleConfig({ relays: ['wss://relay.example.org', 'ws://127.0.0.1:7777', 'wss://relay.example.org'] }))).toEqual(['wss://relay.example.org', 'ws://127.0.0.1:7777']);
    // In the clear off this machine, not a websocket, not a string: refused, the entry named.
    for (const bad of ['ws://relay.example.org', 'https://relay.example.org', 'relay.example.org', 42]) {
      const r = checkMakerConfig(editedExample({ relays: ['wss://nos.lol', bad] }));
      expect(r.ok ? 'ok' : [r.error.kind, r.error.field]).toEqual(['maker-config', 'relays.1']);
      if (!r.ok && typeof bad === 'string') expect(r.error.message).toMatch(/^relays\.1: /);
    }
    expect(fieldOf({ relays: 'wss://nos.lol' })).toBe('relays');
  });

  it('a file that is not TOML, or not there, is a typed error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maker-config-'));
    fs.writeFileSync(path.join(dir, 'bad.toml'), 'network = "mainnet\n');
    const bad = loadMakerConfig(path.join(dir, 'bad.toml'));
    expect(bad.ok ? 'ok' : [bad.error.kind, bad.error.field]).toEqual(['maker-config', '(file)']);
    const none = loadMakerConfig(path.join(dir, 'none.toml'));
    expect(none.ok ? 'ok' : none.error.message).toMatch(/ENOENT/);
    fs.rmSync(dir, { recursive: true });
  });

  it('amounts are exact: decimals to units, the side prices around the mid', () => {
    expect(toUnits('0.05', 8)).toBe(5_000_000n);
    expect(toUnits('1.123456789', 8)).toBe(112_345_678n);
    expect(toUnits('160', 12)).toBe(160_000_000_000_000n);
    expect(sidePrice('160', 'sell_xmr', 1.5)).toBe(157_600_000_000_000n);
    expect(sidePrice('160', 'buy_xmr', 1.5)).toBe(162_400_000_000_000n);
    expect(xmrForBtc(5_000_000n, 157_600_000_000_000n)).toBe(7_880_000_000_000n);
  });
});
