// A hand-checked fast path for the entries a long transcript is made of (syncer `height` and
// `tx-confirmations` events): the same checks as `TranscriptEntrySchema`, without zod's per-call cost.
// Invariant: it accepts only what the schema accepts and returns what the schema returns (same keys,
// same order, same values; a property test holds it to that); anything else, valid or not, gets
// `undefined` and goes to zod, so errors and rarer shapes are zod's alone.
import type { TranscriptEntry } from './transcript';

const SWAP_ID = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const HEX_EVEN = /^(?:[0-9a-f]{2})*$/;
const TASK_ID = /^[A-Za-z0-9:._-]+$/;

type Obj = Record<string, unknown>;

const isPlain = (x: unknown): x is Obj => typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
/** Exactly these own keys (order free), nothing else. */
function hasKeys(o: Obj, n: number, ...keys: string[]): boolean {
  let count = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
    count++;
  }
  if (count !== n) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}
const natural = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const hex64 = (x: unknown): x is string => typeof x === 'string' && x.length === 64 && HEX64.test(x);
const taskId = (x: unknown): x is string => typeof x === 'string' && x.length >= 1 && x.length <= 200 && TASK_ID.test(x);

function fastEvent(e: unknown): Obj | undefined {
  if (!isPlain(e)) return undefined;
  if (e.kind === 'height') {
    if (!hasKeys(e, 4, 'kind', 'taskId', 'height', 'blockHash')) return undefined;
    if (!taskId(e.taskId) || !natural(e.height) || !hex64(e.blockHash)) return undefined;
    return { kind: 'height', taskId: e.taskId, height: e.height, blockHash: e.blockHash };
  }
  if (e.kind === 'tx-confirmations') {
    if (!hasKeys(e, 6, 'kind', 'taskId', 'txid', 'confirmations', 'blockHash', 'txHex')) return undefined;
    if (!taskId(e.taskId) || !hex64(e.txid)) return undefined;
    if (e.confirmations !== null && !natural(e.confirmations)) return undefined;
    if (e.blockHash !== null && !hex64(e.blockHash)) return undefined;
    if (e.txHex !== null && !(typeof e.txHex === 'string' && HEX_EVEN.test(e.txHex))) return undefined;
    return { kind: 'tx-confirmations', taskId: e.taskId, txid: e.txid, confirmations: e.confirmations, blockHash: e.blockHash, txHex: e.txHex };
  }
  return undefined;
}

/** The schema's result for a syncer-event entry of a common kind, or undefined: then ask zod. */
export function fastEntry(raw: unknown): TranscriptEntry | undefined {
  if (!isPlain(raw)) return undefined;
  if ((raw.kind !== 'btc-event' && raw.kind !== 'xmr-event') || raw.dir !== 'in') return undefined;
  if (!hasKeys(raw, 6, 'kind', 'dir', 'event', 'swapId', 'seq', 'ts')) return undefined;
  if (typeof raw.swapId !== 'string' || !SWAP_ID.test(raw.swapId) || !natural(raw.seq) || !natural(raw.ts)) return undefined;
  const event = fastEvent(raw.event);
  if (event === undefined) return undefined;
  return { kind: raw.kind, dir: 'in', event, swapId: raw.swapId, seq: raw.seq, ts: raw.ts } as unknown as TranscriptEntry;
}
