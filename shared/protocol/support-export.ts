// The support export of one swap: its transcript entries and its wallet log lines, redacted by an
// ALLOWLIST. Each entry kind, peer message type, datum kind, request kind, syncer event and task kind
// names the fields known to be public (ids, heights, amounts, addresses, txids, points, public keys);
// every other field becomes "[redacted]", so a field added later is hidden until someone allows it.
// Guards: no private key, view or spend share, joint key, seed, adaptor (encrypted) signature, plain
// signature or raw transaction leaves the wallet this way. Raw transactions become their txid: a
// published buy/refund together with our adaptor signature would reveal a spend share, and a pair of
// signatures would let a reader broadcast a cancel. Free text (reasons, errors, log messages) keeps
// only hex and base58 runs that are known public values (the txids and addresses of this swap).
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { Transaction } from '@scure/btc-signer';
import { fromHex } from '../hex';

export const REDACTED = '[redacted]';
export const SUPPORT_EXPORT_FORMAT = 'fcswap-support-export/1';

/** How to keep one field: as is (a schema-checked public value), free text (scrubbed), a raw tx as its
 *  txid, or by a nested rule (objects, arrays of objects). */
type Rule = 'keep' | 'text' | 'tx' | Spec | Switch;
interface Switch {
  readonly switchOn: string;
  readonly cases: Readonly<Record<string, Spec>>;
}
interface Spec {
  readonly [field: string]: Rule;
}

const cause: Spec = { by: 'keep', last: 'keep' };
const txDatum: Spec = { txid: 'keep', hex: 'tx' };
const xmrLock: Spec = { address: 'keep', fromHeight: 'keep' }; // viewKey: a private key
const commit: Spec = { type: 'keep', swapId: 'keep', buy: 'keep', cancel: 'keep', refund: 'keep', adaptor: 'keep', spend: 'keep', view: 'keep', punish: 'keep' };
// view: the PRIVATE view share; proof: 65 kB of DLEQ proof (public, but nothing support reads)
const reveal: Spec = { type: 'keep', swapId: 'keep', buy: 'keep', cancel: 'keep', refund: 'keep', adaptor: 'keep', address: 'keep', spend: 'keep', punish: 'keep' };
const setup: Spec = { type: 'keep', swapId: 'keep', lock: 'tx', cancel: 'tx', refund: 'tx' }; // cancelSig
const refundSigs: Spec = { type: 'keep', swapId: 'keep' }; // cancelSig, refundAdaptorSig
const buySig: Spec = { type: 'keep', swapId: 'keep', buy: 'tx' }; // buyAdaptorSig

const peerMsg: Rule = {
  switchOn: 'type',
  cases: {
    'commit-alice': commit,
    'commit-bob': commit,
    'reveal-alice': reveal,
    'reveal-bob': reveal,
    'core-arbitrating-setup': setup,
    'refund-procedure-signatures': refundSigs,
    'buy-procedure-signature': buySig,
    abort: { type: 'keep', swapId: 'keep', errorBody: 'text' },
  },
};

const datum: Rule = {
  switchOn: 'kind',
  cases: {
    'alice-session-params': { kind: 'keep', commit, reveal },
    'bob-session-params': { kind: 'keep', commit, reveal, funding: { address: 'keep', amount: 'keep' } },
    'core-arbitrating-transactions': { kind: 'keep', lock: txDatum, cancel: txDatum, refund: txDatum, cancelOutput: 'keep' },
    'refund-procedure': { kind: 'keep', lockTxid: 'keep', refundTxid: 'keep', cancelSigned: txDatum, punishSigned: txDatum, xmr: xmrLock },
    'signed-arbitrating-lock': { kind: 'keep', lockSigned: txDatum, cancelSigned: txDatum, refundSigned: txDatum, buy: txDatum, xmr: xmrLock },
    'fully-signed-buy': { kind: 'keep', buySigned: txDatum },
    // spendKey and viewKey: the joint Monero keys
    'accordant-sweep': { kind: 'keep', address: 'keep', destination: 'keep', fromHeight: 'keep' },
    abort: { kind: 'keep' },
    manual: { kind: 'keep', action: 'keep' },
  },
};

const request: Rule = {
  switchOn: 'kind',
  cases: {
    'session-params': { kind: 'keep' },
    'peer-params': { kind: 'keep', reveal },
    fund: { kind: 'keep', address: 'keep', amount: 'keep' },
    'core-arbitrating-transactions': { kind: 'keep', fundingTxid: 'keep', amount: 'keep' },
    'sign-refund-procedure': { kind: 'keep', setup },
    'sign-arbitrating-lock': { kind: 'keep', refundSigs },
    'lock-xmr': { kind: 'keep', address: 'keep', amount: 'keep' },
    'withdraw-xmr-lock': { kind: 'keep', address: 'keep' },
    'sign-buy': { kind: 'keep', buySig },
    'recover-accordant': { kind: 'keep', from: 'keep', txHex: 'tx' },
    'sweep-funding': { kind: 'keep', address: 'keep' },
  },
};

const event: Rule = {
  switchOn: 'kind',
  cases: {
    height: { kind: 'keep', taskId: 'keep', height: 'keep', blockHash: 'keep' },
    'tx-confirmations': { kind: 'keep', taskId: 'keep', txid: 'keep', confirmations: 'keep', blockHash: 'keep', txHex: 'tx' },
    'address-tx': { kind: 'keep', taskId: 'keep', txid: 'keep', amount: 'keep', confirmations: 'keep', incoming: 'keep', txHex: 'tx' },
    'broadcast-result': { kind: 'keep', taskId: 'keep', txid: 'keep', ok: 'keep', error: 'text' },
    'sweep-result': { kind: 'keep', taskId: 'keep', txids: 'keep', ok: 'keep', error: 'text' },
    'fee-estimate': { kind: 'keep', taskId: 'keep', satPerKvB: 'keep' },
    'task-aborted': { kind: 'keep', taskId: 'keep' },
    'task-error': { kind: 'keep', taskId: 'keep', error: 'text' },
    'backend-unreachable': { kind: 'keep', error: 'text' },
    'backend-recovered': { kind: 'keep' },
    'tip-stalled': { kind: 'keep', height: 'keep', sinceMs: 'keep' },
    'endpoint-switched': { kind: 'keep', from: 'text', to: 'text', reason: 'text' },
  },
};

const taskCommon = { kind: 'keep', id: 'keep' } as const;
const task: Rule = {
  switchOn: 'kind',
  cases: {
    'watch-height': taskCommon,
    'watch-tx': { ...taskCommon, txid: 'keep', confirmationBound: 'keep', fromHeight: 'keep' },
    // the XMR watch-address carries the joint view key: not kept
    'watch-address': { ...taskCommon, address: 'keep', fromHeight: 'keep', confirmationBound: 'keep' },
    broadcast: { ...taskCommon, txHex: 'tx' },
    'estimate-fee': { ...taskCommon, floorSatPerKvB: 'keep' },
    // spendKey and viewKey: the joint Monero keys
    sweep: { ...taskCommon, address: 'keep', destination: 'keep', fromHeight: 'keep', minAmount: 'keep' },
    abort: { ...taskCommon, target: 'keep' },
  },
};

const header = { kind: 'keep', dir: 'keep', seq: 'keep', ts: 'keep', swapId: 'keep' } as const;
const timer: Spec = { kind: 'keep', at: 'keep' };
const ENTRY: Rule = {
  switchOn: 'kind',
  cases: {
    'btc-event': { ...header, event },
    'xmr-event': { ...header, event },
    'client-datum': { ...header, datum },
    'peer-in': { ...header, msg: peerMsg },
    'peer-verdict': { ...header, verdict: { kind: 'keep', msgType: 'keep', reason: 'text' } },
    'timer-fired': { ...header, timer },
    control: { ...header, control: { kind: 'keep' } },
    'peer-out': { ...header, msg: peerMsg, cause },
    'client-request': { ...header, request, cause },
    'timer-set': { ...header, timer, cause },
    'btc-task': { ...header, task, cause },
    'xmr-task': { ...header, task, cause },
    checkpoint: { ...header, name: 'keep', cause },
  },
};

/** The txid of a raw transaction (its non-witness hash), or a marker when the bytes are not one. */
export function txidOfRawHex(hex: string): string {
  try {
    return Transaction.fromRaw(fromHex(hex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true }).id;
  } catch {
    return 'not-a-transaction';
  }
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

function applyRule(rule: Rule, v: unknown, known: KnownPublic): Json {
  if (v === null || v === undefined) return null;
  if (rule === 'keep') return keepValue(v);
  if (rule === 'text') return typeof v === 'string' ? scrubText(v, known) : keepValue(v);
  if (rule === 'tx') return typeof v === 'string' ? { txid: txidOfRawHex(v), hex: REDACTED } : REDACTED;
  if (Array.isArray(v)) return v.map((x) => applyRule(rule, x, known));
  if (typeof v !== 'object') return REDACTED;
  const o = v as Record<string, unknown>;
  let spec: Spec;
  if (isSwitch(rule)) {
    const c = rule.cases[String(o[rule.switchOn])];
    if (!c) return { [rule.switchOn]: typeof o[rule.switchOn] === 'string' ? scrubText(String(o[rule.switchOn]), known) : REDACTED, rest: REDACTED };
    spec = c;
  } else spec = rule;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(o)) out[k] = k in spec ? applyRule(spec[k]!, x, known) : REDACTED;
  return out;
}

const isSwitch = (r: Rule): r is Switch => typeof r === 'object' && typeof (r as { switchOn?: unknown }).switchOn === 'string';

/** A value under an allowed field (schema-checked public data): numbers, booleans, strings as they are. */
function keepValue(v: unknown): Json {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => keepValue(x));
  return REDACTED; // an object under a 'keep' rule: not described, so not shown
}

/** The values of this swap that may appear in free text: txids, addresses, points, hashes. */
export interface KnownPublic {
  has(token: string): boolean;
}

// hex runs of 40+ digits (keys, txids, signatures), base58 runs of 50+ (Monero keys and addresses),
// and decimal runs of 30+ (a 256-bit number written in decimal)
const LONG_TOKEN = /[0-9a-fA-F]{40,}|[1-9A-HJ-NP-Za-km-z]{50,}|\d{30,}/g;

const BIP39 = new Set(wordlist);
const SEED_RUN_MIN = 6;

/** Every run of 6+ BIP39 words in a row (a seed phrase or part of one, any separators) becomes one marker. */
function scrubSeedWords(text: string): string {
  const words = [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, seed: BIP39.has(m[0].toLowerCase()) }));
  const cuts: { start: number; end: number }[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && words[j]!.seed) j++;
    if (j - i >= SEED_RUN_MIN) cuts.push({ start: words[i]!.start, end: words[j - 1]!.end });
    i = Math.max(j, i + 1);
  }
  let out = text;
  for (const c of cuts.reverse()) out = out.slice(0, c.start) + REDACTED + out.slice(c.end);
  return out;
}

/** Free text with every long hex/base58/decimal run that is not a known public value replaced, and
 *  every run of 6+ BIP39 words (a seed phrase, or part of one). */
export const scrubText = (text: string, known: KnownPublic): string => scrubSeedWords(text.replace(LONG_TOKEN, (t) => (known.has(t) ? t : REDACTED)));

/** Every value the redacted entries keep that is long enough to look like a key: what free text may name. */
function collectPublic(redacted: readonly Json[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: Json): void => {
    if (typeof v === 'string') {
      if (v.length >= 40) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  redacted.forEach(walk);
  return out;
}

const NONE: KnownPublic = { has: () => false };

/** One transcript entry through the allowlist; free text keeps only the runs `known` names. */
export function redactEntry(entry: unknown, known: KnownPublic = NONE): Json {
  return applyRule(ENTRY, entry, known);
}

/** Fields of a wallet log line that are kept (strings through the scrubber); other strings are hidden. */
const LOG_FIELDS = new Set(['level', 'time', 'component', 'event', 'swapId', 'seq', 'node', 'msg', 'chain', 'state', 'outcome', 'kind', 'attempt', 'ms', 'height', 'txid', 'taskId']);

/** One wallet log line (pino JSON, already parsed): allowed fields kept, numbers and booleans kept, other strings hidden. */
export function redactLogLine(line: Readonly<Record<string, unknown>>, known: KnownPublic): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(line)) {
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (typeof v === 'string' && LOG_FIELDS.has(k)) out[k] = scrubText(v, known);
    else out[k] = REDACTED;
  }
  return out;
}

export interface SupportExportInput {
  readonly swapId: string;
  /** The deal the swap was created with (amounts, timelocks: public between the parties). */
  readonly deal: unknown;
  readonly entries: readonly unknown[];
  /** Wallet log lines already parsed (the caller keeps only those with this swapId). */
  readonly logLines: readonly Readonly<Record<string, unknown>>[];
  readonly exportedAt: number;
  readonly appVersion: string;
}

export interface SupportExport {
  readonly format: typeof SUPPORT_EXPORT_FORMAT;
  readonly swapId: string;
  readonly exportedAt: string;
  readonly appVersion: string;
  readonly note: string;
  readonly deal: Json;
  readonly entries: readonly Json[];
  readonly log: readonly Json[];
}

const DEAL: Spec = {
  swapId: 'keep',
  role: 'keep',
  btcAmount: 'keep',
  xmrAmount: 'keep',
  cancelTimelock: 'keep',
  punishTimelock: 'keep',
  finalityBtc: 'keep',
  finalityXmr: 'keep',
  safety: 'keep',
  feeRateSatPerKvB: 'keep',
};

/** The whole export. A first pass with free text fully scrubbed gives the public values the
 *  structured fields keep; the second lets free text (reasons, errors, log messages) name exactly those. */
export function supportExport(i: SupportExportInput): SupportExport {
  const first = i.entries.map((e) => redactEntry(e, NONE));
  const pub = collectPublic(first);
  const known: KnownPublic = { has: (t) => pub.has(t) };
  return {
    format: SUPPORT_EXPORT_FORMAT,
    swapId: i.swapId,
    exportedAt: new Date(i.exportedAt).toISOString(),
    appVersion: i.appVersion,
    note: 'Redacted for support: addresses, amounts and txids are kept; keys, signatures, raw transactions and proofs are replaced by "[redacted]".',
    deal: applyRule(DEAL, i.deal, known),
    entries: i.entries.map((e) => redactEntry(e, known)),
    log: i.logLines.map((l) => redactLogLine(l, known)),
  };
}
