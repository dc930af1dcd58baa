import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { KEYCHAIN_SERVICE } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { exampleConfig } from '../../rigs/maker/example-config';
import type { MakerConfig } from './maker-config';
import { loadMakerSecrets, MAKER_ACCOUNTS, readSecretFile } from './maker-secrets';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maker-secrets-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const SEED = 'ab'.repeat(32);
const config = (edits: Record<string, unknown> = {}): MakerConfig => exampleConfig(edits);
const file = (name: string, text: string, mode: number) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  fs.chmodSync(f, mode);
  return f;
};
const noKeychain = { keychain: async () => ({ kc: null, why: 'no D-Bus session' }) };

describe('maker secrets', () => {
  it('a secret file others can read is refused with the chmod to run, before it is read', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const f = file(`open-${mode.toString(8)}.toml`, `seed = "${SEED}"\nmonero_wallet_rpc_password = "p"\n`, mode);
      const r = readSecretFile(f, config());
      expect(r.ok ? 'ok' : r.error.kind).toBe('maker-secrets');
      if (!r.ok) expect(r.error.message).toContain(`chmod 600 ${f}`);
    }
  });

  it('a 0600 file gives the seed and the passwords the config needs; a missing one is named', () => {
    const f = file('ok.toml', `seed = "${SEED}"\nmonero_wallet_rpc_password = "p"\n`, 0o600);
    const r = readSecretFile(f, config());
    if (!r.ok) throw new Error(r.error.message);
    expect(toHex(r.value.seed)).toBe(SEED);
    expect(r.value.moneroWalletRpcPassword).toBe('p');
    const withUser = config({ 'bitcoin.nodes': [{ url: 'http://127.0.0.1:8332', user: 'maker' }] });
    const missing = readSecretFile(f, withUser);
    expect(missing.ok ? 'ok' : missing.error.message).toMatch(/no bitcoin_rpc_password/);
    const badSeed = readSecretFile(file('bad.toml', 'seed = "12"\n', 0o600), config());
    expect(badSeed.ok ? 'ok' : badSeed.error.message).toMatch(/seed: 32 bytes/);
  });

  it('no keychain: the file; keychain off and no file: a refusal naming both', async () => {
    const f = file('k.json', JSON.stringify({ seed: SEED, monero_wallet_rpc_password: 'p' }), 0o600);
    const r = await loadMakerSecrets(config({ secrets: { file: f } }), noKeychain);
    expect(r.ok && r.value.source).toBe(`the secret file ${f}`);
    const none = await loadMakerSecrets(config({ secrets: { keychain: false } }), noKeychain);
    expect(none.ok ? 'ok' : none.error.message).toMatch(/secrets.keychain is false.*no secrets.file/);
  });

  it('an answering keychain: the seed created there on the first start and the same after; passwords read from it', async () => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, MAKER_ACCOUNTS.moneroWalletRpcPassword, 'kp']]);
    const src = { keychain: async () => ({ kc, where: 'a test keychain' }) };
    const first = await loadMakerSecrets(config(), src);
    if (!first.ok) throw new Error(first.error.message);
    const again = await loadMakerSecrets(config(), src);
    expect(again.ok && toHex(again.value.seed)).toBe(toHex(first.value.seed));
    expect(first.value.moneroWalletRpcPassword).toBe('kp');
    const stored = await kc.get(KEYCHAIN_SERVICE, MAKER_ACCOUNTS.seed);
    expect(stored.ok && stored.value).toBe(toHex(first.value.seed));
    const noPw = await loadMakerSecrets(config(), { keychain: async () => ({ kc: createMemoryKeychain(), where: 'an empty keychain' }) });
    expect(noPw.ok ? 'ok' : noPw.error.message).toMatch(/maker-monero-wallet-rpc-password.*secret-tool store/);
  });
});
