// The headless client's keys come from the wallet seed in a REAL OS keychain (gnome-keyring on a
// private D-Bus, through keytar): a first run creates the seed, a second process finds it and derives
// the very same swap keys; a locked keyring gives a typed error instead of keys.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { fakeDeal } from '../../shared/protocol/synthetic';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service';

const CHILD = fileURLToPath(new URL('./client-keychain-child.ts', import.meta.url));
const missing = secretServiceMissingReason();
if (missing) console.log(`headless-client-keychain.itest: skipped, ${missing}`);

const deal = fakeDeal('alice', '0f1e2d3c4b5a69788796a5b4c3d2e1f0' as SwapId);

function runChild(env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD, JSON.stringify(deal)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errText = '';
    const guard = setTimeout(() => c.kill('SIGKILL'), 60_000);
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    c.on('exit', () => {
      clearTimeout(guard);
      const last = out.trim().split('\n').at(-1);
      if (!last) return reject(new Error(`child printed nothing: ${errText.slice(0, 500)}`));
      resolve(JSON.parse(last) as Record<string, unknown>);
    });
  });
}

describe.skipIf(missing !== null)('headless client keys from a real OS keychain', () => {
  let svc: PrivateSecretService;
  beforeAll(async () => {
    svc = await startPrivateSecretService({ unlock: true });
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  it('creates the seed once and derives the same swap keys in a later process', async () => {
    const first = await runChild(svc.env);
    expect(first['ok']).toBe(true);
    expect(first['created']).toBe(true);
    const second = await runChild(svc.env);
    expect(second['ok']).toBe(true);
    expect(second['created']).toBe(false);
    expect(second['fingerprint']).toBe(first['fingerprint']);
    expect(second['buy']).toBe(first['buy']);
    expect(second['adaptor']).toBe(first['adaptor']);
    expect(second['spend']).toBe(first['spend']);
    expect(String(first['buy'])).toMatch(/^0[23][0-9a-f]{64}$/);
  }, 120_000);

  it('a locked keyring yields a typed error, never keys', async () => {
    await svc.restartKeyring({ unlock: false });
    const r = await runChild(svc.env);
    expect(r['ok']).toBe(false);
    expect(['keychain-locked', 'timeout', 'keychain-unavailable']).toContain(r['kind']);
  }, 120_000);
});
