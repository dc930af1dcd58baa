// A small stand-in schema for the store's tests, crash child and benchmark: four entry kinds, a
// binary schema-checked codec and an order-sensitive fold. Invariant: decode accepts exactly what
// encode produces, so any damaged or foreign payload is rejected rather than folded.
import { z } from 'zod';
import { appError, err, ok, type Result, type AppError } from '../../shared/result';
import type { EntryCodec, Fold, StateCodec, StorePorts } from '../../electron/store/store-ports';

export type LedgerEntry =
  | { readonly kind: 'open'; readonly role: 'alice' | 'bob' }
  | { readonly kind: 'deposit'; readonly amount: bigint }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'close'; readonly outcome: 'swapped' | 'refunded' };

export interface LedgerState {
  readonly role: 'alice' | 'bob' | null;
  readonly balance: bigint;
  readonly count: number;
  /** Rolling hash over every entry in order: any reorder, loss or duplicate changes it. */
  readonly digest: number;
  readonly outcome: 'swapped' | 'refunded' | null;
}

const TYPE = { open: 1, deposit: 2, note: 3, close: 4 } as const;
const ROLES = ['alice', 'bob'] as const;
const OUTCOMES = ['swapped', 'refunded'] as const;
export const MAX_NOTE = 1000;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const ledgerCodec: EntryCodec<LedgerEntry> = {
  encode(e) {
    switch (e.kind) {
      case 'open':
        return { type: TYPE.open, payload: Uint8Array.of(ROLES.indexOf(e.role)) };
      case 'close':
        return { type: TYPE.close, payload: Uint8Array.of(OUTCOMES.indexOf(e.outcome)) };
      case 'deposit': {
        if (e.amount < 0n || e.amount >= 1n << 64n) throw new RangeError('amount out of u64 range');
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigUint64(0, e.amount, true);
        return { type: TYPE.deposit, payload: b };
      }
      case 'note': {
        const b = enc.encode(e.text);
        if (b.length > MAX_NOTE) throw new RangeError('note too long');
        return { type: TYPE.note, payload: b };
      }
    }
  },
  decode(type, p): Result<LedgerEntry, AppError> {
    const bad = (m: string) => err(appError('decode-failed', m));
    switch (type) {
      case TYPE.open:
        return p.length === 1 && p[0]! < 2 ? ok({ kind: 'open', role: ROLES[p[0]!]! }) : bad('open: bad role byte');
      case TYPE.close:
        return p.length === 1 && p[0]! < 2 ? ok({ kind: 'close', outcome: OUTCOMES[p[0]!]! }) : bad('close: bad outcome byte');
      case TYPE.deposit:
        return p.length === 8 ? ok({ kind: 'deposit', amount: new DataView(p.buffer, p.byteOffset, 8).getBigUint64(0, true) }) : bad('deposit: 8 bytes');
      case TYPE.note: {
        if (p.length > MAX_NOTE) return bad('note too long');
        try {
          return ok({ kind: 'note', text: dec.decode(p) });
        } catch {
          return bad('note: invalid UTF-8');
        }
      }
      default:
        return bad(`unknown record type ${type}`);
    }
  },
};

const mix = (h: number, x: number) => (Math.imul(h ^ x, 0x01000193) + 0x9e3779b9) >>> 0;

export const ledgerFold: Fold<LedgerEntry, LedgerState> = {
  initial: { role: null, balance: 0n, count: 0, digest: 0x811c9dc5, outcome: null },
  apply(s, e) {
    const base = { ...s, count: s.count + 1 };
    switch (e.kind) {
      case 'open':
        return { ...base, role: e.role, digest: mix(s.digest, 1 + ROLES.indexOf(e.role)) };
      case 'deposit':
        return { ...base, balance: s.balance + e.amount, digest: mix(mix(s.digest, Number(e.amount & 0xffffffffn)), Number(e.amount >> 32n)) };
      case 'note': {
        let d = mix(s.digest, 7);
        for (let i = 0; i < e.text.length; i++) d = mix(d, e.text.charCodeAt(i));
        return { ...base, digest: d };
      }
      case 'close':
        return { ...base, outcome: e.outcome, digest: mix(s.digest, 9 + OUTCOMES.indexOf(e.outcome)) };
    }
  },
};

const StateJson = z.object({
  role: z.enum(ROLES).nullable(),
  balance: z.string().regex(/^(0|[1-9][0-9]*)$/),
  count: z.number().int().nonnegative(),
  digest: z.number().int().nonnegative(),
  outcome: z.enum(OUTCOMES).nullable(),
});

export const ledgerStateCodec: StateCodec<LedgerState> = {
  encode: (s) => enc.encode(JSON.stringify({ ...s, balance: s.balance.toString() })),
  decode(b) {
    try {
      const p = StateJson.safeParse(JSON.parse(dec.decode(b)));
      return p.success ? ok({ ...p.data, balance: BigInt(p.data.balance) }) : err(appError('decode-failed', p.error.message));
    } catch (e) {
      return err(appError('decode-failed', String(e)));
    }
  },
};

export const ledgerPorts: StorePorts<LedgerEntry, LedgerState> = {
  codec: ledgerCodec,
  fold: ledgerFold,
  stateCodec: ledgerStateCodec,
  // A closed ledger stands for a swap that can never act again.
  summarize: (s) => ({ role: s.role, outcome: s.outcome, settled: s.outcome !== null, afterEnd: null }),
};

/** Deterministic entry number `i` of a test run, so a crashed child's output can be checked exactly. */
export function sampleEntry(i: number, noteBytes = 40): LedgerEntry {
  if (i === 0) return { kind: 'open', role: 'alice' };
  if (i % 3 === 1) return { kind: 'deposit', amount: BigInt(i) * 1000n };
  return { kind: 'note', text: `n${i}:`.padEnd(noteBytes, 'x') };
}
