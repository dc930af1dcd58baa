// Unit tests of the client queue's asking again: a real headless client whose monerod does not answer
// the first height read (as Bob's did under load in the crash matrix: "Agreeing on keys" for minutes)
// answers session-params on a later attempt and the daemon gets the datum; a payment and a refused
// input are asked once only; an ended swap is not asked again.
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import { MemoryMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { addr, chain, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { clientQueue } from './client-queue';
import { mayAskAgain, retryDelayMs } from './client-retry';
import type { LogLine } from './daemon-ports';

const until = async (cond: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A client whose monerod fails the first `slow` height reads as the crash-matrix party's JSON-RPC read does. */
function slowMonerodClient(slow: number, payFails = false) {
  let heightReads = 0;
  let payments = 0;
  const c = new HeadlessClient({
    signer: inProcessSignerWithSeed(new Uint8Array(32).fill(9)),
    chain,
    memo: new MemoryMemoStore(),
    wallet: {
      btcAddress: async () => addr(60),
      xmrDestination: async () => 'dest',
      xmrHeight: async () => {
        if (heightReads++ < slow) throw new Error('monerod get_block_count: http://127.0.0.1:1/json_rpc: no answer within 10000 ms');
        return 321;
      },
      fundingVout: async () => ({ ok: true, value: 1 }),
      payBtc: async () => {
        payments++;
        return payFails ? { ok: false, error: { kind: 'btc-pay', message: 'no answer within 30000 ms' } } : { ok: true, value: 'ab'.repeat(32) };
      },
    },
  });
  return { c, heightReads: () => heightReads, payments: () => payments };
}

function harness(client: Pick<HeadlessClient, 'handle'>, ended = { now: false }) {
  const datums: ClientDatum[] = [];
  const logs: LogLine[] = [];
  const actor = { get outcome() { return ended.now ? ('swapped' as const) : null; }, record: { evidence: { peerReveal: null } } };
  const q = clientQueue({
    client,
    daemon: () => ({ actor: () => actor, onClientDatum: async (_id: SwapId, d: ClientDatum) => (datums.push(d), { status: 'applied' }) }) as never,
    log: (l) => logs.push(l),
    retryDelayMs: () => 20,
  });
  return { q, datums, logs };
}

describe('clientQueue asks again', () => {
  it('session-params whose monerod height read timed out is asked again and reaches the daemon', async () => {
    const { c, heightReads } = slowMonerodClient(2);
    await c.register(deal('bob'));
    const h = harness(c);
    h.q.request(SWAP, { kind: 'session-params' });
    // A repeat of the request while it waits is folded into it.
    h.q.request(SWAP, { kind: 'session-params' });
    await until(() => h.datums.length > 0);
    expect(h.datums[0]!.kind).toBe('bob-session-params');
    expect(heightReads()).toBe(3);
    const retries = h.logs.filter((l) => l.event === 'datum-retry');
    expect(retries).toHaveLength(2);
    // The reason is visible: which request, what failed, when it is asked again.
    expect(retries[0]!.detail).toMatch(/^session-params failed 1 time\(s\): session-params: monerod gave no height .*no answer within 10000 ms; asked again; asking the client again in 0 s$/);
    expect(h.logs.some((l) => l.event === 'datum-failed')).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.datums).toHaveLength(1);
  }, 90_000);

  it('a failed payment (fund) is asked once: a timeout may hide a payment that went through', async () => {
    const { c, payments } = slowMonerodClient(0, true);
    await c.register(deal('bob'));
    const h = harness(c);
    h.q.request(SWAP, { kind: 'fund', address: addr(70), amount: '1000' } as DatumRequest);
    await until(() => h.logs.some((l) => l.event === 'datum-failed'));
    await new Promise((r) => setTimeout(r, 200));
    expect(payments()).toBe(1);
    expect(h.logs.some((l) => l.event === 'datum-retry')).toBe(false);
  }, 90_000);

  it('a refused input (client-invalid) and an ended swap are not asked again', async () => {
    expect(mayAskAgain({ kind: 'session-params' }, { kind: 'client-invalid', message: 'x' })).toBe(false);
    expect(mayAskAgain({ kind: 'session-params' }, { kind: 'client-signer', message: 'keychain-locked' })).toBe(true);
    expect(mayAskAgain({ kind: 'lock-xmr', address: 'a', amount: '1' } as DatumRequest, { kind: 'client-wallet', message: 'x' })).toBe(false);
    const { c, heightReads } = slowMonerodClient(1_000);
    await c.register(deal('alice'));
    const ended = { now: false };
    const h = harness(c, ended);
    h.q.request(SWAP, { kind: 'session-params' });
    await until(() => heightReads() >= 2);
    ended.now = true;
    const seen = heightReads();
    await new Promise((r) => setTimeout(r, 200));
    expect(heightReads()).toBeLessThanOrEqual(seen + 1);
    expect(h.datums).toHaveLength(0);
  }, 90_000);

  it('waits 2 s, 4 s, 8 s ... at most 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});
