import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_FIELDS, REDACTED, SECRET_FIELDS } from './redaction';
import { openWalletLog, walletLogSinks } from './wallet-log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fc-wallet-log-'));
  dirs.push(d);
  return d;
};
/** Every line of every log file (current.log is a link to one of them). */
const allText = (dir: string) =>
  readdirSync(path.join(dir, 'logs'))
    .filter((f) => /^wallet\.\d+\.log$/.test(f))
    .map((f) => readFileSync(path.join(dir, 'logs', f), 'utf8'))
    .join('');
const lines = (dir: string) =>
  allText(dir)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const SWAP = '0123456789abcdef0123456789abcdef';

describe('wallet log', () => {
  it('writes one JSON line per record: level, time, component, event, swapId, msg and the other fields', async () => {
    const d = dataDir();
    const log = openWalletLog({ dataDir: d });
    log.write({ level: 'warn', component: 'client', event: 'datum-not-applied', swapId: SWAP, seq: 7, msg: 'stale datum' });
    log.write({ level: 'info', component: 'host', event: 'detail', msg: 'stopping' });
    await log.close();
    const raw = allText(d).split('\n').filter(Boolean);
    expect(raw).toHaveLength(2);
    expect(raw[0]).toMatch(/^\{"level":"warn","time":"\d{4}-\d\d-\d\dT[\d:.]+Z","component":"client","event":"datum-not-applied","swapId":"0123456789abcdef0123456789abcdef","seq":7,"msg":"stale datum"\}$/);
    expect(JSON.parse(raw[1]!)).toMatchObject({ level: 'info', component: 'host', event: 'detail', msg: 'stopping' });
  });

  it('redacts every secret and address field, at the top and nested, by the logger itself', async () => {
    const d = dataDir();
    const log = openWalletLog({ dataDir: d });
    const fields = [...SECRET_FIELDS, ...ADDRESS_FIELDS];
    const values: string[] = [];
    const carrying = (where: string) =>
      Object.fromEntries(
        fields.map((k) => {
          const v = `VALUE-${where}-${k}-${values.length}`;
          values.push(v);
          return [k, v];
        }),
      );
    log.write({ level: 'error', component: 'test', event: 'top', swapId: SWAP, ...carrying('top') });
    log.write({ level: 'error', component: 'test', event: 'nested', swapId: SWAP, keys: carrying('one'), deal: { alice: carrying('two') } });
    log.write({ level: 'error', component: 'test', event: 'array', outputs: [carrying('array')] });
    await log.close();
    const text = allText(d);
    for (const v of values) expect(text).not.toContain(v);
    const [top, nested] = lines(d);
    for (const k of fields) {
      expect(top![k]).toBe(REDACTED);
      expect((nested!['keys'] as Record<string, unknown>)[k]).toBe(REDACTED);
    }
    expect(top).toMatchObject({ component: 'test', event: 'top', swapId: SWAP });
  });

  it('masks addresses in the free text, keeping swap ids and txids', async () => {
    const d = dataDir();
    const log = openWalletLog({ dataDir: d });
    const btc = 'rltc1qwne0gj4j9zvq043xq8seu04teqksgmxqvsnkfm';
    const mainnet = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
    const xmr = '48RqZ3XMXWdYo9LTuV7VbNCro9KTDg5h5QUFZhGTPYWxdKyMANeuBiMRAMLT6z91SM8Vcbj9edngifGN7Sdtg4d9RriG1a4';
    const txid = 'f'.repeat(64);
    log.write({ level: 'info', component: 'wallet', event: 'note', msg: `sandbox: your sandbox wallets: BTC ${btc}  XMR ${xmr}` });
    log.write({ level: 'info', component: 'wallet', event: 'note', swapId: SWAP, msg: `swap ${SWAP} paid to ${mainnet.toUpperCase()}: ${txid}` });
    await log.close();
    const text = allText(d);
    for (const a of [btc, mainnet.toUpperCase(), xmr]) expect(text).not.toContain(a);
    expect(lines(d).map((l) => l['msg'])).toEqual(['sandbox: your sandbox wallets: BTC [address]  XMR [address]', `swap ${SWAP} paid to [address]: ${txid}`]);
  });

  it('keeps lines written before the file is open, drops debug by default, echoes unless told not to', async () => {
    const d = dataDir();
    const echoed: string[] = [];
    const log = openWalletLog({ dataDir: d, echo: (l) => echoed.push(l) });
    const sinks = walletLogSinks(log);
    sinks.log('signer ready');
    sinks.logEvent({ level: 'debug', component: 'syncer-btc', event: 'health', msg: 'up/ok' });
    log.write({ level: 'info', component: 'host', event: 'headline', msg: 'printed already' }, { echo: false });
    await log.close();
    expect(lines(d).map((l) => l['msg'])).toEqual(['signer ready', 'printed already']);
    expect(echoed).toHaveLength(1);
    expect(echoed[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} wallet note: signer ready$/);
  });

  it('rotates by size, keeps the newest files, links current.log to the one written now, appends after a restart', async () => {
    const d = dataDir();
    const log = openWalletLog({ dataDir: d, maxBytes: 2048, keepFiles: 2 });
    for (let i = 0; i < 60; i++) {
      log.write({ level: 'info', component: 'test', event: 'line', n: i, msg: 'x'.repeat(100) });
      await new Promise((r) => setTimeout(r, 2));
    }
    const current = await log.currentFile();
    await log.close();
    await new Promise((r) => setTimeout(r, 100)); // pino-roll removes old files after the roll
    const files = readdirSync(path.join(d, 'logs')).filter((f) => f !== 'current.log');
    expect(files.length).toBeLessThanOrEqual(2);
    const numbers = files.map((f) => Number(/^wallet\.(\d+)\.log$/.exec(f)?.[1]));
    expect(Math.max(...numbers)).toBeGreaterThan(2);
    expect(path.join(d, 'logs', readlinkSync(path.join(d, 'logs', 'current.log')))).toBe(current);
    expect(lines(d).at(-1)).toMatchObject({ n: 59 });

    const again = openWalletLog({ dataDir: d, maxBytes: 2048, keepFiles: 2 });
    again.write({ level: 'info', component: 'test', event: 'restart' });
    expect(await again.currentFile()).toBe(current);
    await again.close();
    expect(readFileSync(current!, 'utf8').trimEnd().split('\n').at(-1)).toContain('"event":"restart"');
  });
});
