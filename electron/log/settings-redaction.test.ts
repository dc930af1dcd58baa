// Settings hold node logins (a password, a monerod login) deeper than `*.*.password` reaches: the wallet
// log never shows them, whether a settings object, a node list or a worker config is logged.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openWalletLog } from './wallet-log';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('no node password or login reaches the wallet log', async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fc-settings-log-'));
  const log = openWalletLog({ dataDir: dir });
  const settings = {
    network: 'mainnet',
    bitcoinNodes: [{ url: 'http://127.0.0.1:8332', auth: { kind: 'password', user: 'rpc', password: 'hunter2-btc' } }],
    moneroNodes: [{ url: 'http://node:18089', trusted: false, login: { user: 'me', password: 'hunter2-xmr' } }],
  };
  log.write({ level: 'info', component: 'host', event: 'settings', settings, msg: 'saved' });
  log.write({ level: 'info', component: 'host', event: 'nodes', ...settings, msg: 'nodes' });
  log.write({ level: 'info', component: 'syncer', event: 'config', config: { daemonLogin: { user: 'me', password: 'hunter2-login' }, fallbacks: [{ rpcUrl: 'http://x', rpcPassword: 'hunter2-fb' }] }, msg: 'config' });
  await log.close();
  const text = readdirSync(path.join(dir, 'logs'))
    .filter((f) => /^wallet\.\d+\.log$/.test(f))
    .map((f) => readFileSync(path.join(dir, 'logs', f), 'utf8'))
    .join('');
  expect(text.split('\n').filter(Boolean)).toHaveLength(3);
  expect(text).not.toMatch(/hunter2/);
  expect(text).toContain('[redacted]');
});
