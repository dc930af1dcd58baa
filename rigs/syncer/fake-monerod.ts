// A fake monerod for unit tests of the Monero backend's chain walk: the JSON-RPC and JSON endpoints it reads
// (get_last_block_header, get_block, get_block_header_by_height, /get_transactions, /get_transaction_pool_hashes)
// over an in-memory chain that tests mine, reorganise and fill, and synthetic RingCT txs paying a (spend, view)
// pair built with the real Monero formulas (so the real scanner finds them), counting every call.
// Not a node: no consensus, no validation; only what the backend's reads need to see.
import { randomBytes } from 'node:crypto';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/curves/utils.js';
import { ok, type Result } from '../../shared/result';
import { EdPoint, edBaseMul, modL, scalarFromBytesLE } from '../../shared/crypto/ed25519-codec';
import { commitmentMask, decryptCompactAmount, derivationToScalar, derivePublicKey, deriveViewTag, keyDerivation } from '../../shared/crypto/monero-output-scan';
import type { JsonRpcClient, RpcError } from '../../electron/syncer/json-rpc-client';

const H = EdPoint.fromBytes(hexToBytes('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94'));
const hash = (): string => bytesToHex(randomBytes(32));
const le8 = (v: bigint): Uint8Array => {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
};

export interface PayTo {
  readonly spendPublic: Uint8Array;
  readonly viewPublic: Uint8Array;
  readonly amount: bigint;
  /** Commit to another amount than the one encrypted: a lying node's output. */
  readonly commitAmount?: bigint;
}

/** A RingCT (type 6, view tags) tx paying each `to` one output, as monerod's decode_as_json `as_json` text. */
export function syntheticTx(to: readonly PayTo[], opts: { unlockTime?: number } = {}): { txid: string; asJson: string } {
  const r = modL(scalarFromBytesLE(randomBytes(32))) || 1n;
  const R = edBaseMul(r).toBytes();
  const vout: unknown[] = [];
  const ecdhInfo: { amount: string }[] = [];
  const outPk: string[] = [];
  to.forEach((p, i) => {
    // 8·r·V == 8·v·R: the sender's side of the derivation.
    const d = keyDerivation(p.viewPublic, r)!;
    const shared = derivationToScalar(d, i);
    vout.push({ amount: 0, target: { tagged_key: { key: bytesToHex(derivePublicKey(d, i, p.spendPublic)!), view_tag: deriveViewTag(d, i).toString(16).padStart(2, '0') } } });
    const pad = decryptCompactAmount(new Uint8Array(8), shared);
    ecdhInfo.push({ amount: bytesToHex(le8(p.amount ^ pad)) });
    const a = p.commitAmount ?? p.amount;
    outPk.push(bytesToHex(edBaseMul(commitmentMask(shared)).add(a === 0n ? EdPoint.ZERO : H.multiply(a)).toBytes()));
  });
  const tx = { version: 2, unlock_time: opts.unlockTime ?? 0, vin: [], vout, extra: [...concatBytes(Uint8Array.of(1), R)], rct_signatures: { type: 6, txnFee: 1000, ecdhInfo, outPk } };
  return { txid: hash(), asJson: JSON.stringify(tx) };
}

interface Block {
  readonly hash: string;
  readonly txids: readonly string[];
}

export class FakeMonerod implements JsonRpcClient {
  readonly url = 'http://fake-monerod';
  readonly chain: Block[] = [{ hash: hash(), txids: [] }];
  readonly pool = new Set<string>();
  readonly txs = new Map<string, string>();
  /** Calls by method or path. */
  readonly calls = new Map<string, number>();

  get height(): number {
    return this.chain.length - 1;
  }
  get totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  /** Into the pool. */
  send(tx: { txid: string; asJson: string }): string {
    this.txs.set(tx.txid, tx.asJson);
    this.pool.add(tx.txid);
    return tx.txid;
  }

  /** n blocks; the first takes the pool, or exactly `txids` when given. */
  mine(n = 1, txids?: readonly string[]): number {
    for (let i = 0; i < n; i++) {
      const ids = i === 0 ? (txids ?? [...this.pool]) : [];
      for (const t of ids) this.pool.delete(t);
      this.chain.push({ hash: hash(), txids: ids });
    }
    return this.height;
  }

  /** Drop the top `depth` blocks (their txs go nowhere: not back to the pool). */
  dropTop(depth: number): void {
    this.chain.splice(this.chain.length - depth, depth);
  }

  private count(k: string): void {
    this.calls.set(k, (this.calls.get(k) ?? 0) + 1);
  }

  private header(h: number) {
    const b = this.chain[h]!;
    return { height: h, hash: b.hash, prev_hash: h === 0 ? '0'.repeat(64) : this.chain[h - 1]!.hash };
  }

  async call(method: string, params?: unknown): Promise<Result<unknown, RpcError>> {
    this.count(method);
    const p = (params ?? {}) as { height?: number };
    switch (method) {
      case 'get_last_block_header':
        return ok({ block_header: this.header(this.height) });
      case 'get_block_header_by_height':
        return ok({ block_header: this.header(p.height!) });
      case 'get_block': {
        const b = this.chain[p.height!];
        if (!b) return { ok: false, error: { kind: 'rpc-error', message: `no block ${p.height}`, code: -2 } as RpcError };
        return ok({ block_header: this.header(p.height!), ...(b.txids.length > 0 ? { tx_hashes: b.txids } : {}), status: 'OK' });
      }
      default:
        return { ok: false, error: { kind: 'rpc-error', message: `fake monerod: no ${method}`, code: -32601 } as RpcError };
    }
  }

  async postJson(path: string, body: unknown): Promise<Result<unknown, RpcError>> {
    this.count(path);
    if (path === '/get_transaction_pool_hashes') return ok({ status: 'OK', tx_hashes: [...this.pool] });
    if (path === '/get_transactions') {
      const b = body as { txs_hashes: string[]; decode_as_json?: boolean };
      const txs = [];
      const missed = [];
      for (const id of b.txs_hashes) {
        const json = this.txs.get(id);
        const at = this.chain.findIndex((blk) => blk.txids.includes(id));
        if (json === undefined || (at < 0 && !this.pool.has(id))) {
          missed.push(id);
          continue;
        }
        txs.push({ tx_hash: id, in_pool: at < 0, ...(at >= 0 ? { block_height: at } : {}), ...(b.decode_as_json ? { as_json: json } : { as_hex: '00' }) });
      }
      return ok({ status: 'OK', txs, ...(missed.length > 0 ? { missed_tx: missed } : {}) });
    }
    return { ok: false, error: { kind: 'http-error', message: `fake monerod: no ${path}` } as RpcError };
  }
}
