// Synthetic but schema-valid swap data and transcripts: fake keys, txs and addresses with the right
// shapes, a scripted run of either role up to its lock, and long transcripts for fold benchmarks.
// Guards the benchmarks and tests from drifting: every entry here is produced by the real decider.
import type { SwapId, TaskId, Txid } from '../../shared/ids';
import type { ClientDatum } from '../../shared/protocol/datum';
import type { Deal, Role } from '../../shared/protocol/deal';
import { deciderFor } from '../../shared/protocol/decider';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { taskId } from '../../shared/protocol/task-ids';
import type { InputBody, TranscriptEntry } from '../../shared/protocol/transcript';

const hexCache = new Map<string, string>();
/** Deterministic lowercase hex of `bytes` bytes from a small seed (memoized: proofs are 65 kB). */
export function fakeHex(seed: number, bytes: number): string {
  const key = `${seed}/${bytes}`;
  let v = hexCache.get(key);
  if (v === undefined) {
    v = makeHex(seed, bytes);
    if (hexCache.size < 10_000) hexCache.set(key, v);
  }
  return v;
}
function makeHex(seed: number, bytes: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push((x & 0xff).toString(16).padStart(2, '0'));
  }
  return out.join('');
}
export const fakePoint = (seed: number) => `02${fakeHex(seed, 32)}`;
export const fakeTxid = (seed: number) => fakeHex(seed, 32) as Txid;
export const fakeTx = (seed: number) => ({ txid: fakeTxid(seed), hex: fakeHex(seed + 7, 120) });
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const fakeXmrAddress = (seed: number) => {
  const h = fakeHex(seed, 94);
  let s = '4';
  for (let i = 0; i < 94; i++) s += B58[parseInt(h.slice(i * 2, i * 2 + 2), 16) % 58];
  return s;
};
export const fakeBtcAddress = (seed: number) => `rltc1q${fakeHex(seed, 20)}`;

export const swapIdOf = (n: number) => fakeHex(n + 1000, 16) as SwapId;

export function fakeDeal(role: Role, swapId: SwapId = swapIdOf(1)): Deal {
  return {
    swapId,
    role,
    btcAmount: '100000',
    xmrAmount: '1000000000000',
    cancelTimelock: 10,
    punishTimelock: 20,
    finalityBtc: 1,
    finalityXmr: 1,
    safety: 3,
  };
}

/** Tx seeds shared by both parties of one synthetic swap, so txids agree across the two transcripts. */
export const TX = { funding: 11, lock: 12, cancel: 13, refund: 14, buy: 15, punish: 16 } as const;
export const FUNDING_AMOUNT = '100300';
export const JOINT_XMR = fakeXmrAddress(77);

const commitOf = (role: Role, swapId: SwapId): PeerMessage => {
  const h = (n: number) => fakeHex(n + (role === 'alice' ? 0 : 50), 32);
  const base = { swapId, buy: h(1), cancel: h(2), refund: h(3), adaptor: h(4), spend: h(5), view: h(6) };
  return role === 'alice' ? { type: 'commit-alice', ...base, punish: h(7) } : { type: 'commit-bob', ...base };
};

const revealOf = (role: Role, swapId: SwapId): PeerMessage => {
  const k = role === 'alice' ? 100 : 200;
  const base = {
    swapId,
    buy: fakePoint(k + 1),
    cancel: fakePoint(k + 2),
    refund: fakePoint(k + 3),
    adaptor: fakePoint(k + 4),
    address: fakeBtcAddress(k + 5),
    view: fakeHex(k + 6, 32),
    spend: fakeHex(k + 7, 32),
    proof: fakeHex(k + 8, 64_898),
  };
  return role === 'alice' ? { type: 'reveal-alice', ...base, punish: fakePoint(k + 9) } : { type: 'reveal-bob', ...base };
};

export const fakeSessionParams = (role: Role, swapId: SwapId): ClientDatum =>
  role === 'alice'
    ? ({ kind: 'alice-session-params', commit: commitOf('alice', swapId), reveal: revealOf('alice', swapId) } as ClientDatum)
    : ({
        kind: 'bob-session-params',
        commit: commitOf('bob', swapId),
        reveal: revealOf('bob', swapId),
        funding: { address: fakeBtcAddress(300), amount: FUNDING_AMOUNT },
      } as ClientDatum);

export const fakeCommit = commitOf;
export const fakeReveal = revealOf;

const xmrLock = { address: JOINT_XMR, viewKey: fakeHex(78, 32), fromHeight: 0 };

/** The answer a well-behaved client gives to each datum request. */
export function fakeClientAnswer(role: Role, swapId: SwapId, requestKind: string): ClientDatum | null {
  switch (requestKind) {
    case 'session-params':
      return fakeSessionParams(role, swapId);
    case 'core-arbitrating-transactions':
      return { kind: 'core-arbitrating-transactions', lock: fakeTx(TX.lock), cancel: fakeTx(TX.cancel), refund: fakeTx(TX.refund), cancelSig: fakeHex(21, 64), cancelOutput: fakeBtcAddress(301) };
    case 'sign-refund-procedure':
      return {
        kind: 'refund-procedure',
        lockTxid: fakeTxid(TX.lock),
        refundTxid: fakeTxid(TX.refund),
        cancelSig: fakeHex(22, 64),
        refundAdaptorSig: fakeHex(23, 162),
        cancelSigned: { txid: fakeTxid(TX.cancel), hex: fakeHex(TX.cancel + 100, 200) },
        punishSigned: { txid: fakeTxid(TX.punish), hex: fakeHex(TX.punish + 100, 200) },
        xmr: xmrLock,
      };
    case 'sign-arbitrating-lock':
      return {
        kind: 'signed-arbitrating-lock',
        lockSigned: { txid: fakeTxid(TX.lock), hex: fakeHex(TX.lock + 100, 200) },
        cancelSigned: { txid: fakeTxid(TX.cancel), hex: fakeHex(TX.cancel + 100, 200) },
        refundSigned: { txid: fakeTxid(TX.refund), hex: fakeHex(TX.refund + 100, 200) },
        buy: fakeTx(TX.buy),
        buyAdaptorSig: fakeHex(24, 162),
        xmr: xmrLock,
      };
    case 'sign-buy':
      return { kind: 'fully-signed-buy', buySigned: { txid: fakeTxid(TX.buy), hex: fakeHex(TX.buy + 100, 200) } };
    case 'recover-accordant':
      return { kind: 'accordant-sweep', spendKey: fakeHex(31, 32), viewKey: fakeHex(78, 32), address: JOINT_XMR, destination: fakeXmrAddress(role === 'alice' ? 90 : 91), fromHeight: 0 };
    default:
      return null;
  }
}

/** The peer messages the other role sends, as the scripted counterparty. */
const peerSetup = (swapId: SwapId): PeerMessage => ({
  type: 'core-arbitrating-setup',
  swapId,
  lock: fakeTx(TX.lock).hex,
  cancel: fakeTx(TX.cancel).hex,
  refund: fakeTx(TX.refund).hex,
  cancelSig: fakeHex(21, 64),
});
const peerRefundSigs = (swapId: SwapId): PeerMessage => ({ type: 'refund-procedure-signatures', swapId, cancelSig: fakeHex(22, 64), refundAdaptorSig: fakeHex(23, 162) });

export interface Scripted {
  readonly state: SwapState;
  readonly entries: TranscriptEntry[];
}

/** Drive one role through the decider, answering every client request; returns all entries. */
export function runScript(role: Role, bodies: (s: SwapState) => InputBody | null, maxInputs: number, deal = fakeDeal(role)): Scripted {
  const d = deciderFor(role);
  const init = d.initialState(deal);
  if (!init.ok) throw new Error(init.error.message);
  let s = init.value;
  const entries: TranscriptEntry[] = [];
  const queue: InputBody[] = [];
  let ts = 1_700_000_000_000;
  for (let i = 0; i < maxInputs; i++) {
    const body = queue.shift() ?? bodies(s);
    if (!body) break;
    const r = d.step(s, d.input(s, body, ts++));
    if (!r.ok) throw new Error(`synthetic run rejected ${body.kind}: ${r.error.message}`);
    entries.push(d.input(s, body, ts - 1), ...r.value.outputs);
    s = r.value.state;
    for (const o of r.value.outputs)
      if (o.kind === 'client-request') {
        const a = fakeClientAnswer(role, s.deal.swapId, o.request.kind);
        if (a) queue.push({ kind: 'client-datum', dir: 'in', datum: a });
      }
  }
  return { state: s, entries };
}

const ev = (swapId: SwapId, chain: 'btc' | 'xmr', kind: string, name: string) => taskId(swapId, chain, kind, name) as TaskId;

/** Inputs that take a role from nothing to its lock (Bob: lock broadcast; Alice: XMR address shown). */
export function prefixInputs(role: Role, swapId: SwapId): InputBody[] {
  const other: Role = role === 'alice' ? 'bob' : 'alice';
  const peer = (msg: PeerMessage): InputBody => ({ kind: 'peer-in', dir: 'in', msg });
  const common: InputBody[] = [
    { kind: 'control', dir: 'in', control: { kind: 'start' } },
    peer(commitOf(other, swapId)),
    peer(revealOf(other, swapId)),
  ];
  if (role === 'bob')
    return [
      ...common,
      { kind: 'btc-event', dir: 'in', event: { kind: 'address-tx', taskId: ev(swapId, 'btc', 'watch-address', 'funding'), txid: fakeTxid(TX.funding), amount: FUNDING_AMOUNT, confirmations: 0, incoming: true, txHex: null } },
      peer(peerRefundSigs(swapId)),
    ];
  return [
    ...common,
    peer(peerSetup(swapId)),
    { kind: 'btc-event', dir: 'in', event: { kind: 'tx-confirmations', taskId: ev(swapId, 'btc', 'watch-tx', 'lock'), txid: fakeTxid(TX.lock), confirmations: 1, blockHash: fakeHex(5, 32), txHex: null } },
  ];
}

/**
 * A valid transcript of `n` entries or more for `role`: the scripted prefix, then BTC height events
 * (the bulk of a real transcript while a swap waits on timelocks). For fold benchmarks.
 */
export function syntheticTranscript(role: Role, n: number, swapId: SwapId = swapIdOf(1)): TranscriptEntry[] {
  const prefix = prefixInputs(role, swapId);
  const script = runScript(role, () => prefix.shift() ?? null, 100, fakeDeal(role, swapId));
  const entries = script.entries;
  const hash = fakeHex(9, 32);
  const taskIdH = ev(swapId, 'btc', 'watch-height', 'tip');
  let seq = script.state.seq;
  const ts = 1_700_000_100_000;
  for (let h = 1; entries.length < n; h++)
    entries.push({ kind: 'btc-event', dir: 'in', event: { kind: 'height', taskId: taskIdH, height: 100 + h, blockHash: hash }, swapId, seq: seq++, ts: ts + h });
  return entries;
}
