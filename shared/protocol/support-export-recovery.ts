// The recovery export of one swap: what a person may broadcast or sweep by hand when the wallet cannot
// (the app broken, the data dir copied to another machine). Read from the transcript only, which holds
// exactly these, signed, in the client's datums:
//   Bob   — `signed-arbitrating-lock`: cancel (both signatures) and refund (his + Alice's decrypted one);
//   Alice — `refund-procedure`: cancel (both signatures) and punish (hers); `fully-signed-buy`: buy;
//   the winner of the XMR — `accordant-sweep`: the joint Monero spend key its client recovered
//   (shared/crypto/swap-secret-recovery.ts) and handed over for the sweep, with the joint view key.
// Before the client recovered it there is no spend key to give: only the view key (watch-only).
// Guards: this export DOES hold a private key once the person owns the XMR, and signed transactions:
// it is for the person, never for support (that is support-export.ts). Each transaction says when it
// is valid, from the last confirmations the swap saw; the CLI checks the chain again before it acts.
import type { Deal } from './deal';
import type { ClientDatum } from './datum';
import type { TranscriptEntry } from './transcript';

export const RECOVERY_EXPORT_FORMAT = 'fcswap-recovery-export/1';

export type RecoveryTxName = 'cancel' | 'refund' | 'punish' | 'buy';
export type RecoveryTxStatus = 'valid-now' | 'not-yet' | 'done' | 'too-late';

export interface RecoveryTx {
  readonly name: RecoveryTxName;
  readonly txid: string;
  readonly hex: string;
  /** Plain words: when a node accepts it, and what it does. */
  readonly when: string;
  /** From the last confirmations this swap saw (the chain may be further): a hint, not a check. */
  readonly status: RecoveryTxStatus;
  readonly why: string;
}

export interface RecoveryMoneroKeys {
  readonly address: string;
  readonly viewKey: string;
  /** The joint spend key: present only once the client recovered it (the person owns the XMR). */
  readonly spendKey: string | null;
  readonly restoreHeight: number;
  readonly note: string;
}

export interface RecoveryExport {
  readonly format: typeof RECOVERY_EXPORT_FORMAT;
  readonly swapId: string;
  readonly role: Deal['role'];
  readonly warning: string;
  readonly transactions: readonly RecoveryTx[];
  readonly monero: RecoveryMoneroKeys | null;
  /** Why a transaction the role could have is not in this export. */
  readonly missing: readonly string[];
}

interface TxFacts {
  /** null: never seen; 0: mempool. */
  confs: number | null;
}

/** Last confirmations seen per txid (tx watches and the cancel output's address watch). */
function chainFacts(entries: readonly TranscriptEntry[]): Map<string, TxFacts> {
  const m = new Map<string, TxFacts>();
  for (const e of entries) {
    if (e.kind !== 'btc-event') continue;
    const ev = e.event;
    if (ev.kind === 'tx-confirmations') m.set(ev.txid, { confs: ev.confirmations });
    else if (ev.kind === 'address-tx') m.set(ev.txid, { confs: ev.confirmations });
    else if (ev.kind === 'broadcast-result' && ev.ok && ev.txid && !m.has(ev.txid)) m.set(ev.txid, { confs: 0 });
  }
  return m;
}

const confsOf = (f: Map<string, TxFacts>, txid: string | undefined): number | null => (txid ? (f.get(txid)?.confs ?? null) : null);

interface Ctx {
  readonly deal: Deal;
  readonly facts: Map<string, TxFacts>;
  readonly lockTxid: string | undefined;
  readonly lockConfs: number | null;
  datum<K extends ClientDatum['kind']>(kind: K): Extract<ClientDatum, { kind: K }> | null;
}

/** The latest client datum of a kind in the transcript. */
const latestDatum =
  (entries: readonly TranscriptEntry[]) =>
  <K extends ClientDatum['kind']>(kind: K): Extract<ClientDatum, { kind: K }> | null => {
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e.kind === 'client-datum' && e.datum.kind === kind) return e.datum as Extract<ClientDatum, { kind: K }>;
    }
    return null;
  };

function cancelEntry(x: Ctx, c: { txid: string; hex: string }, spenders: readonly (string | undefined)[]): RecoveryTx {
  const { deal, lockConfs } = x;
  const cConfs = confsOf(x.facts, c.txid);
  const spent = spenders.some((t) => (confsOf(x.facts, t) ?? 0) > 0);
  const status: RecoveryTxStatus =
    cConfs !== null ? 'done' : spent ? 'too-late' : lockConfs === null ? 'not-yet' : lockConfs >= deal.cancelTimelock ? 'valid-now' : 'not-yet';
  const why =
    status === 'done'
      ? `the cancel is already on chain (${cConfs} confirmations seen)`
      : status === 'too-late'
        ? 'the lock was already spent by the buy'
        : lockConfs === null
          ? 'the lock transaction was not seen on chain'
          : status === 'valid-now'
            ? `the lock had ${lockConfs} confirmations (${deal.cancelTimelock} needed)`
            : `the lock had ${lockConfs} of ${deal.cancelTimelock} confirmations: ${deal.cancelTimelock - lockConfs} more blocks`;
  return {
    name: 'cancel',
    txid: c.txid,
    hex: c.hex,
    when: `Valid once the lock has ${deal.cancelTimelock} confirmations and only if the buy has not spent it. It moves the locked BTC to the cancel output, from where Bob refunds it or, ${deal.punishTimelock} blocks later, Alice punishes.`,
    status,
    why,
  };
}

function bobTxs(x: Ctx, txs: RecoveryTx[], missing: string[]): void {
  const sal = x.datum('signed-arbitrating-lock');
  if (!sal) {
    missing.push("cancel and refund: Bob's client has not signed the lock yet, so nothing is locked and there is nothing to recover (a funding payment is swept back by the wallet, or with the seed).");
    return;
  }
  txs.push(cancelEntry(x, sal.cancelSigned, [sal.buy.txid]));
  const cConfs = confsOf(x.facts, sal.cancelSigned.txid);
  const rConfs = confsOf(x.facts, sal.refundSigned.txid);
  const status: RecoveryTxStatus = rConfs !== null ? 'done' : cConfs === null ? 'not-yet' : 'valid-now';
  txs.push({
    name: 'refund',
    txid: sal.refundSigned.txid,
    hex: sal.refundSigned.hex,
    when: `Valid as soon as the cancel is on chain (even unconfirmed). Broadcast it before Alice's punish becomes valid (${x.deal.punishTimelock} confirmations of the cancel): it returns the BTC to your refund address.`,
    status,
    why: status === 'done' ? `the refund is already on chain (${rConfs} confirmations seen)` : cConfs === null ? 'the cancel was not seen on chain: broadcast the cancel first' : `the cancel had ${cConfs} confirmations`,
  });
}

function aliceTxs(x: Ctx, txs: RecoveryTx[], missing: string[]): void {
  const { deal } = x;
  const rp = x.datum('refund-procedure');
  if (!rp) {
    missing.push("cancel and punish: Alice's client has not signed the refund procedure yet; nothing of hers is at stake on Bitcoin.");
    return;
  }
  const buy = x.datum('fully-signed-buy');
  txs.push(cancelEntry(x, rp.cancelSigned, [buy?.buySigned.txid]));
  const cConfs = confsOf(x.facts, rp.cancelSigned.txid);
  const pConfs = confsOf(x.facts, rp.punishSigned.txid);
  const refundSeen = confsOf(x.facts, rp.refundTxid) !== null;
  const status: RecoveryTxStatus = pConfs !== null ? 'done' : refundSeen ? 'too-late' : cConfs === null ? 'not-yet' : cConfs >= deal.punishTimelock ? 'valid-now' : 'not-yet';
  txs.push({
    name: 'punish',
    txid: rp.punishSigned.txid,
    hex: rp.punishSigned.hex,
    when: `Valid once the cancel has ${deal.punishTimelock} confirmations and only if Bob has not refunded: it takes the BTC when Bob vanished after the cancel.`,
    status,
    why:
      status === 'done'
        ? `the punish is already on chain (${pConfs} confirmations seen)`
        : status === 'too-late'
          ? 'Bob refunded: you recover your XMR with the Monero keys instead'
          : cConfs === null
            ? 'the cancel was not seen on chain'
            : `the cancel had ${cConfs} of ${deal.punishTimelock} confirmations`,
  });
  if (!buy) return;
  const bConfs = confsOf(x.facts, buy.buySigned.txid);
  const late = x.lockConfs !== null && x.lockConfs > deal.cancelTimelock - deal.safety;
  txs.push({
    name: 'buy',
    txid: buy.buySigned.txid,
    hex: buy.buySigned.hex,
    when: `Valid while the lock is unspent; safe only while the lock has at most ${deal.cancelTimelock - deal.safety} confirmations (after that Bob may cancel first). It pays you the BTC.`,
    status: bConfs !== null ? 'done' : late ? 'too-late' : 'valid-now',
    why: bConfs !== null ? `the buy is already on chain (${bConfs} confirmations seen)` : late ? `the lock had ${x.lockConfs} confirmations: past the safe buy window` : 'the lock is unspent as far as the swap saw',
  });
}

function moneroKeys(x: Ctx): RecoveryMoneroKeys | null {
  const sweep = x.datum('accordant-sweep');
  if (sweep)
    return {
      address: sweep.address,
      viewKey: sweep.viewKey,
      spendKey: sweep.spendKey,
      restoreHeight: sweep.fromHeight,
      note: 'You own the XMR of this lock: restore a Monero wallet from these keys (monero-wallet-cli --generate-from-keys, restore height as given) and send it where you like. Anyone with the spend key can take it.',
    };
  const lock = x.datum('signed-arbitrating-lock')?.xmr ?? x.datum('refund-procedure')?.xmr ?? null;
  if (!lock) return null;
  return {
    address: lock.address,
    viewKey: lock.viewKey,
    spendKey: null,
    restoreHeight: lock.fromHeight,
    note: 'Watch-only: the view key shows what reached the lock. The spend key exists only once the swap ends in your favour (Bob after the buy, Alice after the refund) and your wallet recovered it.',
  };
}

/** The recovery export, from the swap's deal and its transcript entries. */
export function recoveryExport(deal: Deal, entries: readonly TranscriptEntry[]): RecoveryExport {
  const facts = chainFacts(entries);
  const datum = latestDatum(entries);
  const lockTxid = datum('signed-arbitrating-lock')?.lockSigned.txid ?? datum('refund-procedure')?.lockTxid;
  const x: Ctx = { deal, facts, lockTxid, lockConfs: confsOf(facts, lockTxid), datum };
  const txs: RecoveryTx[] = [];
  const missing: string[] = [];
  if (deal.role === 'bob') bobTxs(x, txs, missing);
  else aliceTxs(x, txs, missing);
  const monero = moneroKeys(x);
  if (!monero) missing.push('Monero keys: the joint lock address is not known yet (the swap stopped before both sides set it up).');
  return {
    format: RECOVERY_EXPORT_FORMAT,
    swapId: deal.swapId,
    role: deal.role,
    warning: 'Holds signed transactions and, once you own the XMR, a Monero private key. Keep it to yourself; never send it to support.',
    transactions: txs,
    monero,
    missing,
  };
}
