// The Bitcoin side of a person's wallet for the headless client, over a Bitcoin Core wallet RPC:
// pay the swap's funding address, find the funding output, list what sits at the funding address
// and broadcast the client's sweep of it. Invariants: paying is idempotent per address (a restarted
// client that is asked again never pays twice: the wallet's history is checked first); broadcasting
// a transaction the node already has (mempool or chain) is a success, so re-broadcasting is safe.
import { RawTx } from '@scure/btc-signer';
import { txidOf } from '../../shared/crypto/btc-swap-txs';
import { fromHex } from '../../shared/hex';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { createJsonRpcClient } from '../syncer/json-rpc-client';

/** An unspent output at an address (what the funding sweep spends). */
export interface AddressUtxo {
  readonly txid: string;
  readonly vout: number;
  readonly sats: bigint;
}

/** Bitcoin Core's "already in block chain" (-27) and the "already in the mempool" messages. */
const ALREADY_KNOWN = /already in block chain|txn-already-known|txn-already-in-mempool|already have transaction/i;

/** The txid of a raw transaction (its serialization without witness). */
function rawTxid(hex: string): Result<string, AppError> {
  try {
    const tx = RawTx.decode(fromHex(hex));
    return ok(txidOf(RawTx.encode({ ...tx, segwitFlag: false, witnesses: undefined })));
  } catch (e) {
    return err(appError('btc-wallet', `not a transaction: ${(e as Error).message}`));
  }
}

export interface BtcWalletEndpoint {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Bitcoin Core's cookie file: used instead of user/password when set. */
  readonly cookieFile?: string;
  readonly wallet: string;
}

/** Outputs of a funding tx tried with gettxout when the node has no tx index (a funding pays within its first few). */
const MAX_FUNDING_VOUT = 64;

const sats = (n: bigint) => `${n / 100_000_000n}.${(n % 100_000_000n).toString().padStart(8, '0')}`;

export function btcWalletPayer(e: BtcWalletEndpoint) {
  const auth = e.cookieFile !== undefined ? { cookieFile: e.cookieFile } : { user: e.user, password: e.password };
  const node = createJsonRpcClient({ url: e.url, ...auth, timeoutMs: 30_000 });
  const wallet = createJsonRpcClient({ url: e.url, ...auth, timeoutMs: 30_000, rpcPath: `/wallet/${e.wallet}` });
  const call = async <T>(c: typeof node, m: string, p: unknown[]): Promise<Result<T, AppError>> => {
    const r = await c.call(m, p);
    return r.ok ? ok(r.value as T) : err(appError('btc-wallet', `${m}: ${r.error.message}`));
  };
  return {
    async payBtc(address: string, amount: bigint): Promise<Result<string, AppError>> {
      const hist = await call<Array<{ address?: string; category: string; txid: string }>>(wallet, 'listtransactions', ['*', 10_000, 0, true]);
      if (!hist.ok) return hist;
      const done = hist.value.find((t) => t.category === 'send' && t.address === address);
      if (done) return ok(done.txid);
      return call<string>(wallet, 'sendtoaddress', [address, sats(amount)]);
    },
    async fundingVout(txid: string, address: string): Promise<Result<number, AppError>> {
      const tx = await call<{ vout: Array<{ n: number; scriptPubKey: Paid }> }>(node, 'getrawtransaction', [txid, true]);
      if (!tx.ok) return unspentVout(node, txid, address, tx.error);
      const v = tx.value.vout.find((x) => pays(x.scriptPubKey, address));
      return v ? ok(v.n) : err(appError('btc-wallet', `tx ${txid} does not pay ${address}`));
    },
    /**
     * Confirmed unspent outputs at `address`, from the node's UTXO set (`scantxoutset`: no wallet and
     * no index needed; litecoind has it too). Unconfirmed payments are not in that set.
     */
    async fundingUtxos(address: string): Promise<Result<AddressUtxo[], AppError>> {
      const r = await call<{ success?: boolean; unspents?: Array<{ txid: string; vout: number; amount: number }> }>(node, 'scantxoutset', ['start', [`addr(${address})`]]);
      if (!r.ok) return r;
      if (r.value.success === false || !Array.isArray(r.value.unspents)) return err(appError('btc-wallet', `scantxoutset of ${address} did not complete; try again`));
      return ok(r.value.unspents.map((u) => ({ txid: u.txid, vout: u.vout, sats: BigInt(Math.round(u.amount * 1e8)) })));
    },
    /** Broadcast a signed transaction; one the node already has counts as broadcast. */
    async broadcast(hex: string): Promise<Result<string, AppError>> {
      const txid = rawTxid(hex);
      if (!txid.ok) return txid;
      const r = await node.call('sendrawtransaction', [hex]);
      if (r.ok) return typeof r.value === 'string' ? ok(r.value) : err(appError('btc-wallet', 'sendrawtransaction gave no txid'));
      return ALREADY_KNOWN.test(r.error.message) ? ok(txid.value) : err(appError('btc-wallet', `sendrawtransaction: ${r.error.message}`));
    },
  };
}

type Paid = { address?: string; addresses?: string[] };
const pays = (s: Paid, address: string) => s.address === address || (s.addresses?.includes(address) ?? false);

/**
 * A mined funding tx on a node without a tx index (getrawtransaction reads only the mempool there): its outputs are
 * still unspent (the swap spends them later), so gettxout, a UTXO-set lookup, finds the one paying the address.
 */
async function unspentVout(node: ReturnType<typeof createJsonRpcClient>, txid: string, address: string, why: AppError): Promise<Result<number, AppError>> {
  for (let n = 0; n < MAX_FUNDING_VOUT; n++) {
    const r = await node.call('gettxout', [txid, n, true]);
    if (!r.ok) return err(appError('btc-wallet', `gettxout ${txid}:${n}: ${r.error.message}`));
    const out = r.value as { scriptPubKey?: Paid } | null;
    if (out?.scriptPubKey && pays(out.scriptPubKey, address)) return ok(n);
  }
  return err(appError('btc-wallet', `no unspent output of ${txid} pays ${address} (${why.message})`));
}
