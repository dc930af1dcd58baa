// Old settings files migrate on read with nothing lost: the Bitcoin URL's user and password become its
// login, the Monero URL its one node (trusted only when it runs on this computer); new files pass as they are.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/ipc/channels';
import { SettingsFile } from './settings-file';
import { btcNodeFromUrl, isLocalHost, migrateSettings, xmrNodeFromUrl } from './settings-migration';

describe('settings migration', () => {
  it('moves the credentials out of the old Bitcoin URL, percent-decoded', () => {
    expect(btcNodeFromUrl('http://alice:p%40ss%3Aw@10.0.0.2:8332/')).toEqual({ url: 'http://10.0.0.2:8332', auth: { kind: 'password', user: 'alice', password: 'p@ss:w' } });
    expect(btcNodeFromUrl('http://127.0.0.1:18443')).toEqual({ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } });
  });

  it('trusts an old Monero node only when it runs on this computer', () => {
    expect(xmrNodeFromUrl('http://127.0.0.1:18081')).toEqual({ url: 'http://127.0.0.1:18081', trusted: true });
    expect(xmrNodeFromUrl('http://localhost:18081/')).toEqual({ url: 'http://localhost:18081', trusted: true });
    expect(xmrNodeFromUrl('http://node.example.org:18089')).toEqual({ url: 'http://node.example.org:18089', trusted: false });
    expect(isLocalHost('http://[::1]:18081')).toBe(true);
    expect(isLocalHost('not a url')).toBe(false);
  });

  it('turns a whole old file into a valid new one, every other field kept', () => {
    const old = { network: 'testnet', sandbox: false, bitcoinRpcUrl: 'http://u:pw@127.0.0.1:18332', moneroDaemonUrl: 'http://127.0.0.1:28081', dataDir: '/d' };
    const m = SettingsSchema.parse(migrateSettings(old));
    expect(m).toEqual({
      network: 'testnet',
      sandbox: false,
      bitcoinNodes: [{ url: 'http://127.0.0.1:18332', auth: { kind: 'password', user: 'u', password: 'pw' } }],
      moneroNodes: [{ url: 'http://127.0.0.1:28081', trusted: true }],
      dataDir: '/d',
    });
    expect(m).not.toHaveProperty('bitcoinRpcUrl');
  });

  it('leaves a file in the new shape as it is', () => {
    const now = { network: 'regtest', sandbox: true, bitcoinNodes: [{ url: 'http://a:1', auth: { kind: 'cookie', file: '/c' } }], moneroNodes: [{ url: 'http://b:2', trusted: false }], dataDir: '/d' };
    expect(migrateSettings(now)).toEqual(now);
  });

  it('refuses credentials inside a node URL in the new shape', () => {
    expect(SettingsSchema.safeParse({ network: 'regtest', sandbox: true, bitcoinNodes: [{ url: 'http://u:p@a:1', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://b:2', trusted: true }], dataDir: '/d' }).success).toBe(false);
  });
});

describe('SettingsFile on an old file', () => {
  let dir = '';
  beforeEach(async () => void (dir = await mkdtemp(path.join(tmpdir(), 'settings-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads it migrated, and the next save writes the new shape', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ network: 'mainnet', sandbox: false, bitcoinRpcUrl: 'http://rpc:secret@127.0.0.1:8332', moneroDaemonUrl: 'http://node.example.org:18089', dataDir: 'elsewhere' }));
    const f = await SettingsFile.open(dir);
    expect(f.get()).toMatchObject({ network: 'mainnet', bitcoinNodes: [{ url: 'http://127.0.0.1:8332', auth: { kind: 'password', user: 'rpc', password: 'secret' } }], moneroNodes: [{ url: 'http://node.example.org:18089', trusted: false }], dataDir: dir });
    await f.update({ sandbox: false });
    const disk = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(disk).not.toHaveProperty('bitcoinRpcUrl');
    expect(disk.bitcoinNodes[0].auth.password).toBe('secret');
  });
});
