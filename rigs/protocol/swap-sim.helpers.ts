// A small pure simulation of one swap: both deciders, their fake clients, a peer link, and a toy
// BTC/XMR chain with BIP68 timelocks, first-seen mempool conflicts, mempool eviction, crashes with
// recovery from the transcript. Guards nothing in production: it exists so property tests can play
// random interleavings of both roles against each other.
import type { TaskId, Txid } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { Role } from '../../shared/protocol/deal';
import { deciderFor, type Decider } from '../../shared/protocol/decider';
import type { SwapState } from '../../shared/protocol/state';
import { fakeClientAnswer, fakeDeal, fakeHex, fakeTxid, FUNDING_AMOUNT, swapIdOf, TX } from './synthetic';
import { parseTaskId } from '../../shared/protocol/task-ids';
import type { InputBody, OutputEntry, TranscriptEntry } from '../../shared/protocol/transcript';

export interface Behaviour {
  /** What Alice's person does when shown the XMR address. */
  readonly aliceXmr: 'exact' | 'over' | 'never';
  /** Bob's person aborts before lock at this tick (null: never). */
  readonly bobAbortAt: number | null;
  /** Ticks during which a party is offline after its lock (0: never offline). */
  readonly bobOffline: number;
  readonly aliceOffline: number;
  /** Per-tick probabilities, in percent. */
  readonly mineBtc: number;
  readonly mineXmr: number;
  readonly crash: number;
  readonly evict: number;
}

type Spendable = 'L' | 'C';
interface ChainTx {
  readonly name: keyof typeof TX;
  readonly hex: string;
  height: number | null;
}
interface Party {
  readonly role: Role;
  readonly d: Decider;
  state: SwapState;
  readonly transcript: TranscriptEntry[];
  /** Live state after each step, keyed by the transcript length at that moment. */
  readonly snapshots: Map<number, SwapState>;
  readonly inbox: InputBody[];
  readonly watches: Map<string, { chain: 'btc' | 'xmr'; task: { kind: string; id: string; txid?: string } }>;
  readonly reported: Map<string, string>;
  offlineUntil: number;
  wentOffline: boolean;
  /** Chain version last reported to this party (-1: its watch set changed since). */
  polled: number;
}

const SPENDS: Readonly<Record<string, Spendable | null>> = { lock: null, buy: 'L', cancel: 'L', refund: 'C', punish: 'C', funding: null };

export interface SimResult {
  readonly alice: Party;
  readonly bob: Party;
  readonly ticks: number;
  readonly chain: { readonly confirmed: readonly string[]; readonly xmrLocked: boolean; readonly xmrSweptBy: Role | null };
  readonly refusals: number;
}

/** Deterministic PRNG so a failing seed replays exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulate(seed: number, b: Behaviour, maxTicks = 4000, junkCheck?: (p: Party, rnd: () => number) => void): SimResult {
  const rnd = mulberry32(seed);
  const swapId = swapIdOf(seed % 1000);
  const mk = (role: Role): Party => {
    const d = deciderFor(role);
    const init = d.initialState(fakeDeal(role, swapId));
    if (!init.ok) throw new Error(init.error.message);
    return { role, d, state: init.value, transcript: [], snapshots: new Map(), inbox: [{ kind: 'control', dir: 'in', control: { kind: 'start' } }], watches: new Map(), reported: new Map(), offlineUntil: 0, wentOffline: false, polled: -1 };
  };
  const parties = { alice: mk('alice'), bob: mk('bob') };
  const deal = fakeDeal('alice', swapId);
  let btcHeight = 100;
  let xmrHeight = 50;
  const txs = new Map<string, ChainTx>(); // by txid
  const spentBy = new Map<Spendable, string>();
  let funding = null as { height: number | null } | null;
  let xmr = null as { amount: string; height: number | null } | null;
  let xmrWithdrawn = false;
  let xmrSweptBy: Role | null = null;
  let refusals = 0;
  let tick = 0;

  const confsOf = (h: number | null | undefined, known: boolean) => (!known ? null : h === null || h === undefined ? 0 : btcHeight - h + 1);

  /** What a syncer would report now for one task, or null when it has nothing to say. */
  const report = (p: Party, w: { chain: 'btc' | 'xmr'; task: { kind: string; id: string; txid?: string } }): SyncerEvent | null => {
    const taskId = w.task.id as TaskId;
    const name = parseTaskId(w.task.id)?.name ?? '';
    if (w.task.kind === 'watch-height')
      return { kind: 'height', taskId, height: w.chain === 'btc' ? btcHeight : xmrHeight, blockHash: fakeHex(w.chain === 'btc' ? btcHeight : xmrHeight + 5000, 32) };
    if (w.chain === 'btc' && w.task.kind === 'watch-tx') {
      const t = txs.get(w.task.txid ?? '');
      const c = confsOf(t?.height, t !== undefined);
      return { kind: 'tx-confirmations', taskId, txid: w.task.txid as Txid, confirmations: c, blockHash: c ? fakeHex(1, 32) : null, txHex: t ? t.hex : null };
    }
    if (w.chain === 'btc' && w.task.kind === 'watch-address' && name === 'funding') {
      if (!funding) return null;
      return { kind: 'address-tx', taskId, txid: fakeTxid(TX.funding), amount: FUNDING_AMOUNT, confirmations: confsOf(funding.height, true) ?? 0, incoming: true, txHex: null };
    }
    if (w.chain === 'btc' && w.task.kind === 'watch-address' && name === 'cancel-output') {
      const spender = spentBy.get('C');
      const t = spender ? txs.get(spender) : undefined;
      if (!spender || !t) return null;
      return { kind: 'address-tx', taskId, txid: spender as Txid, amount: '90000', confirmations: confsOf(t.height, true) ?? 0, incoming: false, txHex: t.hex };
    }
    if (w.chain === 'xmr' && w.task.kind === 'watch-address') {
      if (!xmr) return null;
      return { kind: 'address-tx', taskId, txid: fakeTxid(40), amount: xmr.amount, confirmations: xmr.height === null ? 0 : xmrHeight - xmr.height + 1, incoming: true, txHex: null };
    }
    if (w.chain === 'xmr' && w.task.kind === 'sweep') {
      if (!xmr || xmr.height === null || xmrHeight - xmr.height + 1 < 10) return null;
      if (xmrSweptBy === null) xmrSweptBy = p.role;
      return { kind: 'sweep-result', taskId, txids: [fakeTxid(50)], ok: xmrSweptBy === p.role, error: xmrSweptBy === p.role ? null : 'no funds' };
    }
    return null;
  };

  let version = 0; // bumped on every chain change, so idle ticks cost nothing
  const syncerPoll = (p: Party) => {
    if (p.polled === version) return;
    p.polled = version;
    for (const [id, w] of p.watches) {
      const ev = report(p, w);
      if (!ev) continue;
      const key = JSON.stringify(ev);
      if (p.reported.get(id) === key) continue;
      p.reported.set(id, key);
      p.inbox.push({ kind: w.chain === 'btc' ? 'btc-event' : 'xmr-event', dir: 'in', event: ev } as InputBody);
    }
  };

  const tryBroadcast = (p: Party, taskId: string, hex: string): SyncerEvent => {
    const name = (parseTaskId(taskId)?.name ?? '') as keyof typeof TX;
    const txid = fakeTxid(TX[name]);
    const res = (ok: boolean, error: string | null): SyncerEvent => ({ kind: 'broadcast-result', taskId: taskId as TaskId, txid: ok ? txid : null, ok, error });
    if (txs.has(txid)) return res(true, null); // already known
    const spends = SPENDS[name] ?? null;
    const lock = txs.get(fakeTxid(TX.lock));
    const cancel = txs.get(fakeTxid(TX.cancel));
    if (name === 'lock' && !funding) return res(false, 'bad-txns-inputs-missingorspent');
    if ((name === 'buy' || name === 'cancel') && !lock) return res(false, 'bad-txns-inputs-missingorspent');
    if ((name === 'refund' || name === 'punish') && !cancel) return res(false, 'bad-txns-inputs-missingorspent');
    if (name === 'cancel' && (confsOf(lock?.height, true) ?? 0) < deal.cancelTimelock) return res(false, 'non-BIP68-final');
    if (name === 'punish' && (confsOf(cancel?.height, true) ?? 0) < deal.punishTimelock) return res(false, 'non-BIP68-final');
    if (spends && spentBy.has(spends)) return res(false, 'txn-mempool-conflict');
    txs.set(txid, { name, hex, height: null });
    version++;
    if (spends) spentBy.set(spends, txid);
    void p;
    return res(true, null);
  };

  /** Perform an output the way the runtime would, after it was appended. */
  const perform = (p: Party, o: OutputEntry) => {
    const other = p.role === 'alice' ? parties.bob : parties.alice;
    switch (o.kind) {
      case 'peer-out':
        other.inbox.push({ kind: 'peer-in', dir: 'in', msg: o.msg });
        return;
      case 'client-request': {
        const r = o.request;
        version++;
        if (r.kind === 'fund') funding ??= { height: null };
        else if (r.kind === 'lock-xmr') {
          if (b.aliceXmr !== 'never' && !xmrWithdrawn) xmr ??= { amount: b.aliceXmr === 'exact' ? deal.xmrAmount : (BigInt(deal.xmrAmount) * 2n).toString(), height: null };
        } else if (r.kind === 'withdraw-xmr-lock') xmrWithdrawn = true;
        const a = fakeClientAnswer(p.role, swapId, r.kind);
        if (a) p.inbox.push({ kind: 'client-datum', dir: 'in', datum: a });
        return;
      }
      case 'btc-task':
      case 'xmr-task': {
        const t = o.task;
        if (t.kind === 'broadcast') p.inbox.push({ kind: 'btc-event', dir: 'in', event: tryBroadcast(p, t.id, t.txHex) });
        else if (t.kind !== 'abort' && t.kind !== 'estimate-fee') {
          const chain = o.kind === 'btc-task' ? 'btc' : 'xmr';
          p.watches.set(t.id, { chain, task: t as never });
          p.reported.delete(t.id); // a (re-)sent task is answered afresh
          p.polled = -1;
        }
        return;
      }
      default:
        return;
    }
  };

  const deliver = (p: Party) => {
    const body = p.inbox.shift();
    if (!body) return;
    const input = p.d.input(p.state, body, 1_700_000_000_000 + tick);
    const r = p.d.step(p.state, input);
    if (!r.ok) {
      refusals++; // e.g. a peer message arriving after the swap ended: refused, nothing recorded
      return;
    }
    p.transcript.push(input, ...r.value.outputs);
    p.state = r.value.state;
    p.snapshots.set(p.transcript.length, p.state);
    // Sometimes the process dies after the step is durable but before all of it was performed.
    const cutAt = rnd() * 100 < b.crash / 2 && r.value.outputs.length > 0 ? Math.floor(rnd() * r.value.outputs.length) : -1;
    for (const [i, o] of r.value.outputs.entries()) {
      if (i === cutAt) return crash(p);
      perform(p, o);
    }
  };

  const crash = (p: Party) => {
    // Everything in memory is lost: rebuild from the transcript, then restart the syncers.
    const init = p.d.initialState(fakeDeal(p.role, swapId));
    if (!init.ok) throw new Error('deal');
    const rec = p.d.recover(init.value, p.transcript);
    if (!rec.ok) throw new Error(`recovery failed at ${rec.error.seq}: ${rec.error.message}`);
    p.state = rec.value;
    p.watches.clear();
    p.reported.clear();
    p.polled = -1;
    const pending = p.inbox.filter((x) => x.kind === 'peer-in'); // the peer link keeps undelivered messages
    p.inbox.length = 0;
    p.inbox.push({ kind: 'control', dir: 'in', control: { kind: 'restored' } });
    deliver(p); // re-sends the watch set
    syncerPoll(p);
    // Undelivered peer messages arrive before the chains are caught up: inputs must be accepted then.
    p.inbox.push(...pending, { kind: 'control', dir: 'in', control: { kind: 'synced' } });
    // The peer link re-sends what we sent (it may never have left); the other side refuses duplicates.
    const other = p.role === 'alice' ? parties.bob : parties.alice;
    for (const e of p.transcript) if (e.kind === 'peer-out') other.inbox.push({ kind: 'peer-in', dir: 'in', msg: e.msg });
  };

  const done = (p: Party) => p.d.isTerminal(p.state);
  const lockedIn = (p: Party) => (p.role === 'bob' ? p.state.marking['lock_pub'] !== undefined : p.state.marking['refund_sigs_sent'] !== undefined);
  for (; tick < maxTicks && !(done(parties.alice) && done(parties.bob)); tick++) {
    for (const p of [parties.alice, parties.bob]) {
      const off = p.role === 'bob' ? b.bobOffline : b.aliceOffline;
      if (off > 0 && !p.wentOffline && lockedIn(p)) {
        p.wentOffline = true;
        p.offlineUntil = tick + off;
      }
    }
    if (b.bobAbortAt !== null && tick === b.bobAbortAt) parties.bob.inbox.push({ kind: 'client-datum', dir: 'in', datum: { kind: 'abort' } });
    const roll = rnd() * 100;
    const online = [parties.alice, parties.bob].filter((p) => tick >= p.offlineUntil && !done(p));
    const busy = online.filter((p) => p.inbox.length > 0);
    if (roll < b.mineBtc || busy.length === 0) {
      btcHeight++;
      version++;
      for (const t of txs.values()) if (t.height === null) t.height = btcHeight;
      if (funding && funding.height === null) funding.height = btcHeight;
      if (rnd() * 100 < b.mineXmr || busy.length === 0) {
        xmrHeight++;
        if (xmr && xmr.height === null) xmr.height = xmrHeight;
      }
    } else if (roll < b.mineBtc + b.evict) {
      // Evict one unconfirmed protocol tx (mempool expiry / a conflicting reorg).
      for (const [txid, t] of txs)
        if (t.height === null) {
          txs.delete(txid);
          version++;
          for (const [k, v] of spentBy) if (v === txid) spentBy.delete(k);
          break;
        }
    } else if (roll < b.mineBtc + b.evict + b.crash && online.length > 0) {
      const p = online[Math.floor(rnd() * online.length)] as Party;
      if (p.transcript.length > 0) crash(p);
    } else {
      const p = busy[Math.floor(rnd() * busy.length)] as Party;
      if (junkCheck && rnd() < 0.05) junkCheck(p, rnd);
      // Drain a random share of the inbox so neither party falls ever further behind the chain.
      for (let n = 1 + Math.floor(rnd() * p.inbox.length); n > 0; n--) deliver(p);
    }
    for (const p of [parties.alice, parties.bob]) if (tick >= p.offlineUntil) syncerPoll(p);
  }
  return {
    alice: parties.alice,
    bob: parties.bob,
    ticks: tick,
    chain: { confirmed: [...txs.values()].filter((t) => t.height !== null).map((t) => t.name), xmrLocked: xmr !== null, xmrSweptBy },
    refusals,
  };
}
