// Fuzz of one decider with arbitrary inputs from every source, in any order (not a protocol run):
// the decider never throws, a refused input changes nothing, fold = live state, and the outputs keep
// the checker's ordering rules. Guards the code of the actions, which the net checker cannot see.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from './deal';
import { deciderFor } from './decider';
import { broadcastResult, btcHeight, cancelOutputSpend, clientIn, control, peerIn, Run, sweepOk, txConfs, xmrDeposit, type TxName } from '../../rigs/protocol/decider.helpers';
import { orderProblems } from '../../rigs/protocol/output-order.helpers';
import type { SwapState } from './state';
import { fakeClientAnswer, fakeCommit, fakeDeal, fakeHex, fakeReveal, fakeTxid, FUNDING_AMOUNT, prefixInputs, TX } from '../../rigs/protocol/synthetic';
import { taskId } from './task-ids';
import type { InputBody, TranscriptEntry } from './transcript';

const RUNS = Number(process.env['FC_RUNS'] ?? 30);
const SEED = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
const TXS: TxName[] = ['lock', 'cancel', 'refund', 'buy', 'punish'];
const REQUESTS = ['session-params', 'core-arbitrating-transactions', 'sign-refund-procedure', 'sign-arbitrating-lock', 'sign-buy', 'recover-accordant'];

/** One input, described by small numbers so fast-check can shrink it; built against the current state. */
type Pick = { readonly k: number; readonly a: number; readonly b: number };
const pickArb: fc.Arbitrary<Pick> = fc.record({ k: fc.integer({ min: 0, max: 21 }), a: fc.integer({ min: 0, max: 40 }), b: fc.integer({ min: 0, max: 5 }) });

function build(role: Role, s: SwapState, p: Pick): InputBody {
  const swapId = s.deal.swapId;
  const other: Role = role === 'alice' ? 'bob' : 'alice';
  const xmrAmount = BigInt(s.deal.xmrAmount);
  switch (p.k) {
    case 0:
      return control((['start', 'restored', 'synced'] as const)[p.b % 3] ?? 'synced');
    case 1:
      return peerIn(p.b % 2 === 0 ? fakeCommit(other, swapId) : fakeReveal(other, swapId));
    case 2:
      return peerIn(
        role === 'alice'
          ? p.b % 2 === 0
            ? { type: 'core-arbitrating-setup', swapId, lock: fakeHex(19, 120), cancel: fakeHex(20, 120), refund: fakeHex(21, 120), cancelSig: fakeHex(21, 64) }
            : { type: 'buy-procedure-signature', swapId, buy: fakeHex(22, 120), buyAdaptorSig: fakeHex(24, 162) }
          : { type: 'refund-procedure-signatures', swapId, cancelSig: fakeHex(22, 64), refundAdaptorSig: fakeHex(23, 162) },
      );
    case 3:
      // Aborts are rare, or every run would end there.
      if (p.a > 4) return btcHeight(s, 100 + p.a);
      return p.b % 2 === 0 ? peerIn({ type: 'abort', swapId }) : { kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: 'reveal-bob', reason: 'fuzz' } };
    case 4: {
      const a = fakeClientAnswer(role, swapId, REQUESTS[p.a % REQUESTS.length] ?? 'session-params');
      return a ? clientIn(a) : clientIn({ kind: 'abort' });
    }
    case 5:
      return p.a > 4 ? btcHeight(s, 100 + p.a) : clientIn({ kind: 'abort' });
    case 6:
    case 7:
    case 14:
    case 15:
    case 16:
    case 17:
      return txConfs(s, TXS[p.b % TXS.length] ?? 'lock', p.a === 40 ? null : p.a % 25, p.a % 3 !== 0);
    case 8:
    case 18:
      return xmrDeposit(s, (p.b === 0 ? xmrAmount - 1n : p.b === 1 ? xmrAmount + 1n : xmrAmount).toString(), p.a % 12);
    case 9:
      return cancelOutputSpend(s, p.b % 2 === 0 ? fakeTxid(TX.refund) : fakeTxid(99), p.a % 4);
    case 10:
      return broadcastResult(s, TXS[p.b % TXS.length] ?? 'lock', 1 + (p.a % 2), p.a % 2 === 0, p.a % 2 === 0 ? null : 'non-BIP68-final');
    case 11:
      return sweepOk(s);
    case 12:
      return {
        kind: 'btc-event',
        dir: 'in',
        event: { kind: 'address-tx', taskId: taskId(swapId, 'btc', 'watch-address', 'funding'), txid: fakeTxid(TX.funding), amount: p.b === 0 ? '7' : FUNDING_AMOUNT, confirmations: p.a % 3, incoming: true, txHex: null },
      };
    default:
      return btcHeight(s, 100 + p.a);
  }
}

describe(`decider fuzz (fast-check seed ${SEED}, ${RUNS} runs per role)`, () => {
  for (const role of ['alice', 'bob'] as const) {
    it(`${role}: never throws; refusals change nothing; fold = live; outputs keep the ordering rules`, () => {
      console.log(`decider-fuzz ${role}: fast-check seed ${SEED}`);
      const d = deciderFor(role);
      const reached = new Map<string, number>();
      fc.assert(
        fc.property(fc.nat({ max: 12 }), fc.array(pickArb, { minLength: 1, maxLength: 80 }), (prefixLen, picks) => {
          const init = d.initialState(fakeDeal(role));
          if (!init.ok) throw new Error('deal');
          // Start somewhere along a real run (client answering), then anything may happen.
          const run = Run.start(role);
          for (const b of prefixInputs(role, run.state.deal.swapId).slice(0, prefixLen)) run.feed(b);
          let s = run.state;
          const t: TranscriptEntry[] = [...run.entries];
          let endedAt: number | null = null;
          for (const p of picks) {
            const body = build(role, s, p);
            const input = d.input(s, body, 1_700_000_000_000 + t.length);
            const before = JSON.stringify(s);
            const r = d.step(s, input);
            if (!r.ok) {
              expect(JSON.stringify(s)).toBe(before);
              continue;
            }
            t.push(input, ...r.value.outputs);
            s = r.value.state;
            if (endedAt === null && d.isTerminal(s)) endedAt = t.length - 1;
          }
          for (const place of Object.keys(s.marking)) reached.set(place, (reached.get(place) ?? 0) + 1);
          expect(orderProblems(role, t, endedAt)).toEqual([]);
          const folded = d.recover(init.value, t);
          expect(folded.ok && folded.value).toEqual(s);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      const deep = role === 'bob' ? ['lock_pub', 'C', 'end_success', 'end_refund', 'end_punished', 'end_abort'] : ['refund_sigs_sent', 'xmr_addr_shown', 'buy_pub', 'C', 'end_success', 'end_refund', 'end_punish', 'end_abort'];
      console.log(`decider-fuzz ${role} coverage (final markings holding): ${deep.map((p) => `${p}=${reached.get(p) ?? 0}`).join(' ')}`);
    }, 60_000);
  }
});
