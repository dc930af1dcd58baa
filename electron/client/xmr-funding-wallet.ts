// Alice's XMR funding wallet (a taker selling XMR) in a monero-wallet-rpc the client owns: restored
// from the keys the signer gives for THIS swap only, it reports the person's payment (x/10
// confirmations), locks the exact amount into the joint address, and after an abort or a refund
// sweeps what is left back to the person's XMR refund address. It runs beside the client, never in
// the daemon, so the daemon still holds no private key. Invariants: the wallet opened is the one the
// keys make (another file under the name is refused); the lock is paid at most once (a repeat finds
// its transfer); a sweep only to a valid address of the swap's network; a wallet still unlocking is
// a typed "not yet", never a partial spend.
import { toHex } from '../../shared/hex';
import { decodeMoneroAddress, type MoneroNetwork } from '../../shared/crypto/monero-address';
import { xmrFundingAddressOf, type XmrFundingKeys } from '../../shared/crypto/xmr-funding-keys';
import { xmrFundingProgress, type XmrFundingProgress } from '../../shared/protocol/xmr-funding';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

/** The wallet-rpc of this funding wallet (one wallet open at a time: this one). */
export interface MoneroWalletRpc {
  rpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

/**
 * xmr-funding-rpc: the wallet-rpc failed; xmr-funding-wrong-wallet: the file under the name is
 * another wallet; xmr-funding-not-ready: not enough spendable yet; xmr-funding-bad-address: a
 * destination that is not a standard/subaddress of the swap's network.
 */
export type XmrFundingErrorKind = 'xmr-funding-rpc' | 'xmr-funding-wrong-wallet' | 'xmr-funding-not-ready' | 'xmr-funding-bad-address';
export type XmrFundingError = AppError<XmrFundingErrorKind>;
const fail = (kind: XmrFundingErrorKind, message: string): Result<never, XmrFundingError> => err(appError(kind, message));

export interface XmrFundingWallet {
  /** What the person pays to (shown with the exact amount). */
  readonly address: string;
  progress(need: bigint): Promise<Result<XmrFundingProgress, XmrFundingError>>;
  /** Pay `piconero` to the joint lock `address` once; returns the transfer's txid (the first one, when asked again). */
  lock(address: string, piconero: bigint): Promise<Result<string, XmrFundingError>>;
  /** Everything left to `destination`; null when the wallet is empty (already swept). */
  sweepBack(destination: string): Promise<Result<string[] | null, XmrFundingError>>;
}

export interface XmrFundingWalletOptions {
  readonly swapId: string;
  readonly keys: XmrFundingKeys;
  readonly network: MoneroNetwork;
  /** The chain height when the swap started, less a margin: the wallet scans from there. */
  readonly restoreHeight: number;
  /**
   * Where the lock transfer is written before it is relayed (the app's wallet). Without it the lock
   * is sent at once and found again by its destination in the wallet's history (the demo's rigs).
   */
  readonly journal?: LockJournal;
}

/** The lock transfer as built, before it is relayed: relay_tx takes the metadata again after a restart. */
export interface RecordedLock {
  readonly address: string;
  readonly txid: string;
  readonly metadata: string;
}

export interface LockJournal {
  recorded(): RecordedLock | undefined;
  record(l: RecordedLock): Promise<void>;
}

interface Transfer {
  readonly txid: string;
  readonly amount: number;
  readonly confirmations?: number;
  readonly destinations?: ReadonlyArray<{ readonly address: string }>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function call<T>(w: MoneroWalletRpc, method: string, params: Record<string, unknown> = {}): Promise<Result<T, XmrFundingError>> {
  try {
    return ok(await w.rpc<T>(method, params));
  } catch (e) {
    return fail('xmr-funding-rpc', `monero-wallet-rpc ${method}: ${message(e)}`);
  }
}

/** Open the wallet file of this swap, or restore it from the keys; either way it must be the keys' wallet. */
export async function openXmrFundingWallet(w: MoneroWalletRpc, o: XmrFundingWalletOptions): Promise<Result<XmrFundingWallet, XmrFundingError>> {
  const address = xmrFundingAddressOf(o.keys, o.network);
  if (!address.ok) return fail('xmr-funding-bad-address', address.error.message);
  const filename = `xmr-funding-${o.swapId}`;
  const opened = await call(w, 'open_wallet', { filename, password: '' });
  if (!opened.ok) {
    const made = await call(w, 'generate_from_keys', {
      filename, address: address.value, spendkey: toHex(o.keys.spend.secret), viewkey: toHex(o.keys.view.secret),
      password: '', restore_height: Math.max(0, o.restoreHeight), autosave_current: true,
    });
    if (!made.ok) return made;
  }
  const got = await call<{ address: string }>(w, 'get_address', { account_index: 0 });
  if (!got.ok) return got;
  if (got.value.address !== address.value) return fail('xmr-funding-wrong-wallet', `wallet file ${filename} opens ${got.value.address}, not this swap's funding wallet ${address.value}`);
  return ok(fundingWallet(w, address.value, o.network, o.journal));
}

function fundingWallet(w: MoneroWalletRpc, address: string, network: MoneroNetwork, journal: LockJournal | undefined): XmrFundingWallet {
  const refreshed = async () => call(w, 'refresh', {});
  const balance = async () => {
    const b = await call<{ balance: number; unlocked_balance: number }>(w, 'get_balance', { account_index: 0 });
    return b.ok ? ok({ total: BigInt(b.value.balance), unlocked: BigInt(b.value.unlocked_balance) }) : b;
  };
  return {
    address,
    async progress(need) {
      const r = await refreshed();
      if (!r.ok) return r;
      const t = await call<{ in?: Transfer[]; pool?: Transfer[] }>(w, 'get_transfers', { in: true, pool: true });
      if (!t.ok) return t;
      const incoming = [...(t.value.in ?? []), ...(t.value.pool ?? [])].map((x) => ({ txid: x.txid, piconero: BigInt(x.amount), confirmations: x.confirmations ?? 0 }));
      return ok(xmrFundingProgress(incoming, need));
    },
    async lock(to, piconero) {
      const dest = checkDestination(to, network);
      if (!dest.ok) return dest;
      if (piconero <= 0n || piconero > BigInt(Number.MAX_SAFE_INTEGER)) return fail('xmr-funding-bad-address', `lock amount ${piconero} piconero out of range`);
      const r = await refreshed();
      if (!r.ok) return r;
      // Paid already (a restarted client asked again): the same transfer, never a second one.
      const t = await call<{ out?: Transfer[]; pending?: Transfer[] }>(w, 'get_transfers', { out: true, pending: true });
      if (!t.ok) return t;
      const sent = [...(t.value.out ?? []), ...(t.value.pending ?? [])];
      const recorded = journal?.recorded();
      if (recorded) return relayRecorded(w, recorded, to, sent);
      const done = sent.find((x) => x.destinations?.some((d) => d.address === to));
      if (done) return ok(done.txid);
      const b = await balance();
      if (!b.ok) return b;
      if (b.value.unlocked < piconero) return fail('xmr-funding-not-ready', `${b.value.unlocked} piconero spendable of the ${piconero} to lock (plus its fee): the payment needs 10 confirmations`);
      // Priority 1 (the node's base fee): what the funding amount's reserve was priced at.
      const transfer = { destinations: [{ amount: Number(piconero), address: to }], account_index: 0, priority: 1 };
      if (!journal) {
        const r = await call<{ tx_hash: string }>(w, 'transfer', transfer);
        return r.ok ? ok(r.value.tx_hash) : r;
      }
      // Built, written down, then relayed: a crash in between relays these bytes, never a new transfer.
      const built = await call<{ tx_hash: string; tx_metadata: string }>(w, 'transfer', { ...transfer, do_not_relay: true, get_tx_metadata: true });
      if (!built.ok) return built;
      const lock = { address: to, txid: built.value.tx_hash, metadata: built.value.tx_metadata };
      await journal.record(lock);
      return relayRecorded(w, lock, to, []);
    },
    async sweepBack(destination) {
      const dest = checkDestination(destination, network);
      if (!dest.ok) return dest;
      const r = await refreshed();
      if (!r.ok) return r;
      const b = await balance();
      if (!b.ok) return b;
      if (b.value.total === 0n) return ok(null);
      if (b.value.unlocked < b.value.total) return fail('xmr-funding-not-ready', `${b.value.total - b.value.unlocked} of ${b.value.total} piconero still unlocking (10 confirmations): sweep again later`);
      const s = await call<{ tx_hash_list: string[] }>(w, 'sweep_all', { address: destination, account_index: 0 });
      return s.ok ? ok(s.value.tx_hash_list) : s;
    },
  };
}

/** Relay the recorded lock unless the wallet already knows it sent; then keep the wallet's record of it on disk. */
async function relayRecorded(w: MoneroWalletRpc, lock: RecordedLock, to: string, sent: readonly Transfer[]): Promise<Result<string, XmrFundingError>> {
  if (lock.address !== to) return fail('xmr-funding-bad-address', `the lock recorded for this swap pays ${lock.address}, not ${to}`);
  if (sent.some((x) => x.txid === lock.txid)) return ok(lock.txid);
  // An error (e.g. already in the pool after a crash right after relaying) is retried: once the
  // transfer is mined, the wallet lists it among its sent transfers and this returns above.
  const r = await call<{ tx_hash: string }>(w, 'relay_tx', { hex: lock.metadata });
  if (!r.ok) return r;
  await call(w, 'store', {});
  return ok(lock.txid);
}

function checkDestination(address: string, network: MoneroNetwork): Result<void, XmrFundingError> {
  const d = decodeMoneroAddress(address);
  if (!d.ok) return fail('xmr-funding-bad-address', `not a Monero address: ${d.error.message}`);
  if (d.value.network !== network) return fail('xmr-funding-bad-address', `a ${d.value.network} address; this swap is on ${network}`);
  if (d.value.kind === 'integrated') return fail('xmr-funding-bad-address', 'an integrated address: use a standard address or a subaddress');
  return ok(undefined);
}
