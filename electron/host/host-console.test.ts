import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/ipc/channels';
import { openHostConsole, readinessHeadline } from './host-console';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('host console', () => {
  it('prints headlines only, and logs both kinds to the wallet log as JSON lines', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fc-console-'));
    dirs.push(dataDir);
    const printed: string[] = [];
    const c = openHostConsole({ dataDir, print: (l) => printed.push(l) });
    c.detail('sandbox: starting litecoind');
    c.headline('Swap wallet (browser host) at http://127.0.0.1:4780/');
    c.headline('at http://127.0.0.1:4780/?token=SECRET', 'at http://127.0.0.1:4780/?token=(printed, not logged)');
    expect(printed).toEqual(['Swap wallet (browser host) at http://127.0.0.1:4780/', 'at http://127.0.0.1:4780/?token=SECRET']);
    const file = await c.log.currentFile();
    await c.log.close();
    const log = readFileSync(file!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toMatchObject([
      { level: 'info', component: 'host', event: 'detail', msg: 'sandbox: starting litecoind' },
      { level: 'info', component: 'host', event: 'headline', msg: 'Swap wallet (browser host) at http://127.0.0.1:4780/' },
      { level: 'info', component: 'host', event: 'headline', msg: 'at http://127.0.0.1:4780/?token=(printed, not logged)' },
    ]);
  });

  it('with FC_VERBOSE prints the details too, each headline once', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fc-console-'));
    dirs.push(dataDir);
    const printed: string[] = [];
    const c = openHostConsole({ dataDir, verbose: true, print: (l) => printed.push(l) });
    c.detail('stopping');
    c.headline('wallet ready: paste an offer in the wizard');
    await c.log.close();
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} host detail: stopping$/);
    expect(printed[1]).toBe('wallet ready: paste an offer in the wizard');
  });
});

describe('readiness headline', () => {
  const status = (daemon: AppStatus['daemon']['state'], sandbox: AppStatus['sandbox']['state'], message = 'm'): AppStatus => ({
    daemon: { state: daemon, message },
    chains: [],
    sandbox: { state: sandbox, message },
    notices: [],
  });
  it('waits until the daemon and the sandbox are both ready', async () => {
    const seq = [status('starting', 'starting'), status('recovering', 'ready'), status('ready', 'ready')];
    let calls = 0;
    const line = await readinessHeadline({ status: async () => seq[Math.min(calls++, seq.length - 1)]! }, { pollMs: 1 });
    expect(line).toBe('sandbox ready: take the sandbox offer in the wizard');
    expect(calls).toBe(3);
  });
  it('says what stopped the wallet', async () => {
    const line = await readinessHeadline({ status: async () => status('unavailable', 'off', 'no OS keychain answers') }, { pollMs: 1 });
    expect(line).toBe('the wallet did not start: no OS keychain answers');
  });
  it('without a sandbox, says the wallet is ready for a pasted offer', async () => {
    expect(await readinessHeadline({ status: async () => status('ready', 'off') }, { pollMs: 1 })).toBe('wallet ready: paste an offer in the wizard');
  });
});
