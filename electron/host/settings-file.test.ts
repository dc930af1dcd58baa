// The settings file keeps the relay list the person chose, and an older file without one stays valid
// (absent: the network's defaults), as does one written before node lists (migrated on read).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsFile } from './settings-file';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fc-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SettingsFile relays', () => {
  it('an older file without relays opens as written (no relays key: the defaults)', async () => {
    const dir = tmp();
    const old = { network: 'testnet', sandbox: false, bitcoinNodes: [{ url: 'http://127.0.0.1:18332', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://127.0.0.1:28081', trusted: true }], dataDir: dir };
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(old));
    const f = await SettingsFile.open(dir);
    expect(f.get()).toEqual(old);
    expect('relays' in f.get()).toBe(false);
  });

  it('keeps a chosen list, the empty one included, across a reopen', async () => {
    const dir = tmp();
    const f = await SettingsFile.open(dir);
    await f.update({ relays: ['ws://127.0.0.1:7000', 'wss://relay.example'] });
    expect((await SettingsFile.open(dir)).get().relays).toEqual(['ws://127.0.0.1:7000', 'wss://relay.example']);
    await f.update({ relays: [] });
    expect((await SettingsFile.open(dir)).get().relays).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).relays).toEqual([]);
  });

  it('relays: null drops the list from the file: the defaults again', async () => {
    const dir = tmp();
    const f = await SettingsFile.open(dir);
    await f.update({ relays: ['wss://relay.example'] });
    await f.update({ relays: null });
    expect('relays' in (await SettingsFile.open(dir)).get()).toBe(false);
    expect('relays' in JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toBe(false);
    await f.update({ sandbox: false });
    expect(f.get().relays).toBeUndefined();
  });

  it('never saves a relay the schema refuses', async () => {
    const f = await SettingsFile.open(tmp());
    await expect(f.update({ relays: ['ws://relay.example'] })).rejects.toThrow(/wss:\/\//);
    expect(f.get().relays).toBeUndefined();
  });
});
