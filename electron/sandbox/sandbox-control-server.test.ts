// The sandbox's control server and its client over loopback HTTP: an offer names the maker's side
// (alice by default); pay-xmr passes the address and the exact piconero and answers the handler's
// result, typed errors included; a malformed body, a bad token and an unknown route change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appError, err, ok } from '../../shared/result';
import { startControlServer, type ControlServer } from './sandbox-control-server';
import { sandboxControl, type SandboxInfo } from './sandbox-info';

const token = 'ab'.repeat(24);
const calls: string[] = [];
let server: ControlServer;
let info: SandboxInfo;

beforeAll(async () => {
  server = await startControlServer(token, {
    offer: async (lockXmr, makerRole) => (calls.push(`offer ${lockXmr} ${makerRole}`), ok(`fcswap1-${makerRole}`)),
    payBtc: async (a, sats) => (calls.push(`btc ${a} ${sats}`), 'btctx'),
    payXmr: async (a, piconero) => {
      calls.push(`xmr ${a} ${piconero}`);
      return a === 'broke' ? err(appError('xmr-transfer', 'not enough money')) : ok('xmrtx');
    },
  });
  info = { controlUrl: server.url, token } as SandboxInfo;
});
afterAll(() => server.close());

const post = (route: string, body: unknown, auth = `Bearer ${token}`) =>
  fetch(`${server.url}${route}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('sandbox control: both sides and XMR payments', () => {
  it('an offer names the maker\'s side, alice unless asked', async () => {
    const c = sandboxControl(info);
    expect(await c.offer(true, 'bob')).toEqual({ ok: true, value: 'fcswap1-bob' });
    expect(await c.offer()).toEqual({ ok: true, value: 'fcswap1-alice' });
    expect(calls.splice(0)).toEqual(['offer true bob', 'offer true alice']);
  });

  it('pay-xmr pays the exact amount to the address, and a refusal comes back typed', async () => {
    const c = sandboxControl(info);
    expect(await c.payXmr('addr', 1_004_800_010_000n)).toEqual({ ok: true, value: { txid: 'xmrtx' } });
    const r = await c.payXmr('broke', 1n);
    expect(r.ok ? 'ok' : r.error.kind).toBe('xmr-transfer');
    expect(calls.splice(0)).toEqual(['xmr addr 1004800010000', 'xmr broke 1']);
  });

  it('bad bodies, a bad token and unknown routes are refused before any handler runs', async () => {
    expect((await post('/pay-xmr', { address: 'a', piconero: '-5' })).status).toBe(400);
    expect((await post('/pay-xmr', { address: 'a', piconero: '1', extra: 1 })).status).toBe(400);
    expect((await post('/offer', { makerRole: 'carol' })).status).toBe(400);
    expect((await post('/pay-xmr', { address: 'a', piconero: '1' }, 'Bearer nope')).status).toBe(401);
    expect((await post('/steal', {})).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
