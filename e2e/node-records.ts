// The nodes' own records of a swap's transactions, asked directly (never through the wallet's code):
// litecoind's JSON-RPC and monerod's /get_transactions of the sandbox named by its info file. What a
// swap page shows is checked against these. Guards: every answer is zod-checked; litecoind runs
// without a tx index, so a confirmed transaction is found by walking back from the tip (a swap's
// blocks are recent), never by getrawtransaction alone.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { z } from 'zod';

/** One transaction as the swap page lists it (`tr[data-testid=tx-<name>]`). */
export interface PageTx {
  readonly name: string;
  readonly txid: string;
  readonly chain: 'btc' | 'xmr';
}

/** What a node says of one transaction: where it is, with how many confirmations (0 = mempool, null = unknown). */
export interface NodeRecord extends PageTx {
  readonly height: number | null;
  readonly confirmations: number | null;
}

const Info = z.object({
  btc: z.object({ rpcUrl: z.string().url(), rpcUser: z.string(), rpcPassword: z.string() }),
  xmr: z.object({ daemonUrl: z.string().url() }),
});
const Txid = z.string().regex(/^[0-9a-f]{64}$/);

function btcRpc(info: z.infer<typeof Info>['btc']) {
  const auth = `Basic ${Buffer.from(`${info.rpcUser}:${info.rpcPassword}`).toString('base64')}`;
  return async <T>(method: string, params: unknown[], schema: z.ZodType<T>): Promise<T> => {
    const res = await fetch(info.rpcUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '1.0', id: method, method, params }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = z.object({ result: z.unknown(), error: z.object({ message: z.string() }).nullable() }).parse(await res.json());
    if (body.error) throw new Error(`litecoind ${method}: ${body.error.message}`);
    return schema.parse(body.result);
  };
}

/**
 * Where each BTC txid sits: the tip walked back `maxBlocks` blocks (stopping once every one is found),
 * then the mempool for the rest.
 */
async function btcRecords(info: z.infer<typeof Info>['btc'], txs: readonly PageTx[], maxBlocks: number): Promise<NodeRecord[]> {
  const rpc = btcRpc(info);
  const tip = await rpc('getblockcount', [], z.number().int());
  const heightOf = new Map<string, number>();
  const wanted = new Set(txs.map((t) => t.txid));
  for (let h = tip; h >= Math.max(0, tip - maxBlocks) && heightOf.size < wanted.size; h--) {
    const hash = await rpc('getblockhash', [h], Txid);
    const block = await rpc('getblock', [hash, 1], z.object({ tx: z.array(z.string()) }));
    for (const id of block.tx) if (wanted.has(id) && !heightOf.has(id)) heightOf.set(id, h);
  }
  const mempool = new Set(await rpc('getrawmempool', [], z.array(z.string())));
  return txs.map((t) => {
    const h = heightOf.get(t.txid);
    if (h !== undefined) return { ...t, height: h, confirmations: tip - h + 1 };
    return { ...t, height: null, confirmations: mempool.has(t.txid) ? 0 : null };
  });
}

const GetTransactions = z.object({
  status: z.string(),
  txs: z.array(z.object({ tx_hash: Txid, in_pool: z.boolean(), block_height: z.number().int().optional() })).optional(),
  missed_tx: z.array(z.string()).optional(),
});

async function xmrRecords(daemonUrl: string, txs: readonly PageTx[]): Promise<NodeRecord[]> {
  if (txs.length === 0) return [];
  const post = async <T>(route: string, body: unknown, schema: z.ZodType<T>): Promise<T> => {
    const res = await fetch(new URL(route, daemonUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    return schema.parse(await res.json());
  };
  const { height } = await post('/get_height', {}, z.object({ height: z.number().int() }));
  const r = await post('/get_transactions', { txs_hashes: txs.map((t) => t.txid), decode_as_json: false }, GetTransactions);
  if (r.status !== 'OK') throw new Error(`monerod get_transactions: ${r.status}`);
  const found = new Map((r.txs ?? []).map((x) => [x.tx_hash, x]));
  return txs.map((t) => {
    const x = found.get(t.txid);
    if (!x) return { ...t, height: null, confirmations: null };
    if (x.in_pool || x.block_height === undefined) return { ...t, height: null, confirmations: 0 };
    // monerod's height is the next block's: a tx in the top block has height - block_height = 1 confirmation.
    return { ...t, height: x.block_height, confirmations: height - x.block_height };
  });
}

const readInfo = (sandboxFile: string) => Info.parse(JSON.parse(readFileSync(sandboxFile, 'utf8')));

/** The sandbox's Bitcoin (litecoind) chain height: the miner moves it. */
export async function chainTip(sandboxFile: string): Promise<number> {
  return btcRpc(readInfo(sandboxFile).btc)('getblockcount', [], z.number().int());
}

/** Every transaction of `txs` as the sandbox's own nodes record it, in the same order. */
export async function nodeRecords(sandboxFile: string, txs: readonly PageTx[], opts: { maxBtcBlocks?: number } = {}): Promise<NodeRecord[]> {
  const info = readInfo(sandboxFile);
  const btc = await btcRecords(info.btc, txs.filter((t) => t.chain === 'btc'), opts.maxBtcBlocks ?? 3000);
  const xmr = await xmrRecords(info.xmr.daemonUrl, txs.filter((t) => t.chain === 'xmr'));
  const all = [...btc, ...xmr];
  return txs.map((t) => all.find((r) => r.txid === t.txid && r.name === t.name)!);
}

/** One row of the swap page's Transactions table; `attrs` false = read from the id cell's text (older page). */
export type PageRow = PageTx & { readonly attrs: boolean; readonly confs: string };
const PageRows = z.array(z.object({ name: z.string(), txid: Txid, chain: z.enum(['btc', 'xmr']), attrs: z.boolean(), confs: z.string() }));

/**
 * The swap page's Transactions table, read from the DOM (contract: `tr[data-testid=tx-<name>]` with
 * `data-txid` and `data-chain`). Rows without `data-txid` fall back to the id cell's text and a chain
 * told by the name (xmr-lock, xmr-sweep are Monero), so the check still reads an older page.
 */
export async function readTxRows(page: Page): Promise<PageRow[]> {
  const rows = await page.locator('tr[data-testid^="tx-"]').evaluateAll((trs) =>
    trs.map((tr) => ({
      name: (tr.getAttribute('data-testid') ?? '').slice(3),
      txid: tr.getAttribute('data-txid') ?? (tr.querySelector('td.mono')?.textContent ?? '').trim(),
      chain: tr.getAttribute('data-chain') ?? ((tr.getAttribute('data-testid') ?? '').startsWith('tx-xmr-') ? 'xmr' : 'btc'),
      attrs: tr.hasAttribute('data-txid'),
      confs: (tr.querySelector('td:last-child')?.textContent ?? '').trim(),
    })),
  );
  return PageRows.parse(rows);
}

/** The names a Transactions row may carry (the page's contract). */
export const TX_NAMES = ['funding', 'lock', 'xmr-lock', 'buy', 'cancel', 'refund', 'punish', 'xmr-sweep', 'btc-sweep'] as const;

/**
 * Every row of the page's Transactions table against the nodes: the names are the contract's, include
 * `must` and none of `mustNot`, the ids are distinct, and each id is in a block of its chain (waited
 * for up to `ms`: a sweep may still be in the mempool as the outcome shows). Returns the rows and the
 * nodes' records, for the log.
 */
export async function expectTxsOnNodes(
  page: Page,
  sandboxFile: string,
  want: { must: readonly string[]; mustNot: readonly string[]; ms?: number },
): Promise<{ rows: PageRow[]; records: NodeRecord[] }> {
  const rows = await readTxRows(page);
  const names = rows.map((r) => r.name);
  for (const n of names) expect(TX_NAMES as readonly string[], `row tx-${n} is not one of the contract's names`).toContain(n);
  for (const n of want.must) expect(names, `the Transactions table lacks ${n}`).toContain(n);
  for (const n of want.mustNot) expect(names, `the Transactions table has ${n}`).not.toContain(n);
  expect(new Set(rows.map((r) => r.txid)).size, 'a txid listed twice').toBe(rows.length);
  let records: NodeRecord[] = [];
  await expect
    .poll(
      async () => {
        records = await nodeRecords(sandboxFile, rows);
        return records.filter((r) => (r.confirmations ?? 0) < 1).map((r) => `${r.name} (${r.chain}) ${r.txid}: ${r.confirmations === null ? 'unknown to the node' : 'in the mempool'}`);
      },
      { message: 'every listed transaction in a block of its chain', timeout: want.ms ?? 60_000, intervals: [1000] },
    )
    .toEqual([]);
  // The page's count comes from the same nodes, read earlier: it may lag theirs, never lead it.
  for (const [i, r] of rows.entries()) {
    const shown = /^(\d+) confirmations?$/.exec(r.confs);
    if (shown) expect(Number(shown[1]), `tx-${r.name} shows more confirmations than the node has`).toBeLessThanOrEqual(records[i]!.confirmations!);
  }
  return { rows, records };
}

/** One line per transaction for the log: name, chain, id, what the page showed, the node's height and confirmations. */
export const describeRows = (rows: readonly PageRow[], records: readonly NodeRecord[]): string =>
  rows.map((r, i) => `${r.name} ${r.chain} ${r.txid.slice(0, 16)}… page "${r.confs}", node height ${records[i]?.height} (${records[i]?.confirmations} conf)`).join('; ');
