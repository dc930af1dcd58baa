// A fake monerod for unit tests of the Monero backend's chain walk: the JSON-RPC and JSON endpoints it reads
// (get_last_block_header, get_block, get_block_header_by_height, /get_transactions, /get_transaction_pool_hashes)
// over an in-memory chain that tests mine, reorganise and fill, and synthetic RingCT txs paying a (spend, view)
// pair built with the real Monero formulas (so the real scanner finds them), counting every call.
// Not a node: no consensus, no validation; only what the backend's reads need to see.
import { randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/curves/utils.js';
import { ok, type Result } from '../../shared/result';
import { EdPoint, edBaseMul, modL, scalarFromBytesLE } from '../../shared/crypto/ed25519-codec';
import { commitmentMask, decryptCompactAmount, derivationToScalar, derivePublicKey, deriveViewTag, keyDerivation } from '../../shared/crypto/monero-output-scan';
import type { JsonRpcClient, RpcError } from '../../electron/syncer/json-rpc-client';
import { encodeMoneroTxBlob } from '../crypto/monero-tx-blob-builder';

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

/** A RingCT (type 6, view tags) tx paying each `to` one output: its bytes as monerod's `as_hex` and its real txid. */
export function syntheticTx(to: readonly PayTo[], opts: { unlockTime?: number } = {}): { txid: string; asHex: string } {
  const r = modL(scalarFromBytesLE(randomBytes(32))) || 1n;
  const R = edBaseMul(r).toBytes();
  const outputs = to.map((p, i) => {
    // 8·r·V == 8·v·R: the sender's side of the derivation.
    const d = keyDerivation(p.viewPublic, r)!;
    const shared = derivationToScalar(d, i);
    const pad = decryptCompactAmount(new Uint8Array(8), shared);
    const a = p.commitAmount ?? p.amount;
    return {
      index: i,
      key: derivePublicKey(d, i, p.spendPublic)!,
      viewTag: deriveViewTag(d, i),
      amountClear: null,
      encryptedAmount: le8(p.amount ^ pad),
      commitment: edBaseMul(commitmentMask(shared)).add(a === 0n ? EdPoint.ZERO : H.multiply(a)).toBytes(),
    };
  });
  return encodeMoneroTxBlob({ unlockTime: BigInt(opts.unlockTime ?? 0), txPublicKeys: [R], additionalPublicKeys: [], outputs, rctType: 6 });
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
  send(tx: { txid: string; asHex: string }): string {
    this.txs.set(tx.txid, tx.asHex);
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
        const hex = this.txs.get(id);
        const at = this.chain.findIndex((blk) => blk.txids.includes(id));
        if (hex === undefined || (at < 0 && !this.pool.has(id))) {
          missed.push(id);
          continue;
        }
        txs.push({ tx_hash: id, in_pool: at < 0, ...(at >= 0 ? { block_height: at } : {}), as_hex: hex, ...(b.decode_as_json ? { as_json: '{}' } : {}) });
      }
      return ok({ status: 'OK', txs, ...(missed.length > 0 ? { missed_tx: missed } : {}) });
    }
    return { ok: false, error: { kind: 'http-error', message: `fake monerod: no ${path}` } as RpcError };
  }
}
