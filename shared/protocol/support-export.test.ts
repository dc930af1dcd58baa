// The support export's allowlist over whole simulated swaps (both roles, four paths: every entry kind
// the nets write): every value the test knows to be secret (private view shares, joint keys, signatures,
// adaptor signatures, raw transactions, DLEQ proofs) is absent from the output, while txids, addresses
// and amounts stay. The real-crypto run (seeds, derived keys, adaptor secrets) is electron/app/swap-exports.test.ts.
import { describe, expect, it } from 'vitest';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { fakeHex } from '../../rigs/protocol/synthetic';
import { parseEntry, type TranscriptEntry } from './transcript';
import { REDACTED, redactEntry, redactLogLine, scrubText, supportExport } from './support-export';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
const PATHS = { happy: calm, refund: { ...calm, aliceXmr: 'never' }, punish: { ...calm, bobOffline: 300 }, abort: { ...calm, bobAbortAt: 3 } } satisfies Record<string, Behaviour>;

/** Fields whose values are secret (or would let a reader act or recover a secret), wherever they sit. */
const SECRET_KEYS = new Set(['spendKey', 'viewKey', 'cancelSig', 'refundAdaptorSig', 'buyAdaptorSig', 'proof', 'hex', 'txHex']);

function secretsOf(entries: readonly TranscriptEntry[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, key: string, parent: Record<string, unknown> | null): void => {
    if (typeof v === 'string') {
      const revealView = key === 'view' && typeof parent?.type === 'string' && parent.type.startsWith('reveal-');
      if (SECRET_KEYS.has(key) || revealView) out.add(v);
      // core-arbitrating-setup carries its txs as raw hex under their names
      if (parent?.type === 'core-arbitrating-setup' && ['lock', 'cancel', 'refund'].includes(key)) out.add(v);
      if (parent?.type === 'buy-procedure-signature' && key === 'buy') out.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key, parent));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, v as Record<string, unknown>);
  };
  entries.forEach((e) => walk(e, '', null));
  // the rig's fake values come from one small seed space: a block hash may equal a fake view share
  const text = JSON.stringify(entries.map((e) => ((e.kind === 'btc-event' || e.kind === 'xmr-event') && e.event.kind === 'height' ? e.event.blockHash : '')));
  return new Set([...out].filter((v) => !text.includes(v)));
}

describe('support export', () => {
  for (const [name, b] of Object.entries(PATHS)) {
    it(`of a simulated ${name} swap keeps no secret value of either party, and keeps txids and addresses`, () => {
      const r = simulate(31, b);
      for (const p of [r.alice, r.bob]) {
        for (const e of p.transcript) expect(parseEntry(e).ok).toBe(true);
        const secrets = secretsOf(p.transcript);
        expect(secrets.size).toBeGreaterThan(name === 'abort' ? 1 : 5);
        const log = [
          { level: 30, time: 1, component: 'daemon', event: 'step', swapId: p.state.deal.swapId, msg: `sweep with ${[...secrets][0]!}` },
          { level: 30, time: 2, component: 'signer', event: 'sign', swapId: p.state.deal.swapId, spendKey: [...secrets][1]!, digest: 'ab'.repeat(32) },
        ];
        const out = supportExport({ swapId: p.state.deal.swapId, deal: p.state.deal, entries: p.transcript, logLines: log, exportedAt: 0, appVersion: 'test' });
        const text = JSON.stringify(out);
        for (const s of secrets) expect(text.includes(s), `secret ${s.slice(0, 16)}… found in the ${p.role} export`).toBe(false);
        // what support needs stays: every txid watched, every address, the amounts
        for (const e of p.transcript) {
          if (e.kind === 'btc-task' && e.task.kind === 'watch-tx') expect(text).toContain(e.task.txid);
          if (e.kind === 'xmr-task' && e.task.kind === 'watch-address') expect(text).toContain(e.task.address);
        }
        expect(text).toContain(p.state.deal.btcAmount);
        expect(out.entries).toHaveLength(p.transcript.length);
      }
    });
  }

  it('replaces a field nobody allowed, an unknown kind and a secret in free text', () => {
    const e = { kind: 'control', dir: 'in', seq: 1, ts: 2, swapId: 'ab'.repeat(16), control: { kind: 'start', extra: 'x' }, added: 'y' };
    expect(redactEntry(e)).toEqual({ kind: 'control', dir: 'in', seq: 1, ts: 2, swapId: 'ab'.repeat(16), control: { kind: 'start', extra: REDACTED }, added: REDACTED });
    expect(redactEntry({ kind: 'new-kind', secret: 's' })).toEqual({ kind: 'new-kind', rest: REDACTED });
    const secret = fakeHex(999, 32);
    const txid = fakeHex(5, 32);
    const known = { has: (t: string) => t === txid };
    expect(scrubText(`tx ${txid} refused; key ${secret} and ${secret.toUpperCase()}`, known)).toBe(`tx ${txid} refused; key ${REDACTED} and ${REDACTED}`);
    // a 256-bit key in decimal, and a Monero key in base58
    expect(scrubText(`k=${BigInt(`0x${secret}`).toString(10)}`, known)).toBe(`k=${REDACTED}`);
    expect(scrubText('k=4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge', known)).toBe(`k=${REDACTED}`);
    expect(redactLogLine({ level: 30, msg: `done ${txid}`, spendKey: secret, password: 'p', n: 3 }, known)).toEqual({ level: 30, msg: `done ${txid}`, spendKey: REDACTED, password: REDACTED, n: 3 });
  });

  it('lets free text name a value only when a structured field of the same export keeps it', () => {
    const swapId = 'cd'.repeat(16);
    const txid = fakeHex(7, 32);
    const secret = fakeHex(8, 32);
    const entries = [
      { kind: 'btc-task', dir: 'out', seq: 0, ts: 1, swapId, task: { kind: 'watch-tx', id: `${swapId}:btc:tx:lock`, txid, confirmationBound: 5 }, cause: { by: 'x', last: true } },
      { kind: 'peer-in', dir: 'in', seq: 1, ts: 2, swapId, msg: { type: 'abort', swapId, errorBody: `${secret} ${txid}` } },
    ];
    const out = supportExport({ swapId, deal: { swapId, role: 'bob', btcAmount: '5', secretField: secret }, entries, logLines: [{ msg: `key ${secret}` }], exportedAt: 0, appVersion: 't' });
    const text = JSON.stringify(out);
    expect(text).not.toContain(secret);
    expect(text).toContain(`${REDACTED} ${txid}`);
  });
});

describe('seed words in free text', () => {
  it('a run of six BIP39 words or more is redacted, shorter runs and other text stay', () => {
    const none = { has: () => false };
    const phrase = 'abandon ability able about above absent absorb abstract absurd abuse access accident';
    expect(scrubText(`words: ${phrase}.`, none)).toBe(`words: ${REDACTED}.`);
    expect(scrubText(`w=${phrase.split(' ').join(',')}`, none)).toBe(`w=${REDACTED}`);
    expect(scrubText('the lock is final after ten blocks', none)).toBe('the lock is final after ten blocks');
    expect(scrubText('abandon ability able about above 7 absent', none)).toBe('abandon ability able about above 7 absent');
  });
});
