// The test schema itself must be trustworthy: codec round-trip, refusal of anything encode cannot
// produce, and a fold that notices reordering (so recovery tests can tell a wrong replay apart).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ledgerCodec, ledgerFold, ledgerStateCodec, type LedgerEntry } from './sample-ledger';

const entryArb: fc.Arbitrary<LedgerEntry> = fc.oneof(
  fc.constantFrom<LedgerEntry>({ kind: 'open', role: 'alice' }, { kind: 'open', role: 'bob' }, { kind: 'close', outcome: 'swapped' }, { kind: 'close', outcome: 'refunded' }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((amount): LedgerEntry => ({ kind: 'deposit', amount })),
  fc.string({ maxLength: 100 }).map((text): LedgerEntry => ({ kind: 'note', text })),
);

describe('sample ledger', () => {
  it('codec round-trip (property)', () => {
    fc.assert(
      fc.property(entryArb, (e) => {
        const { type, payload } = ledgerCodec.encode(e);
        expect(ledgerCodec.decode(type, payload)).toEqual({ ok: true, value: e });
      }),
    );
  });

  it('refuses unknown types, wrong lengths, bad enum bytes and invalid UTF-8', () => {
    expect(ledgerCodec.decode(9, new Uint8Array(1)).ok).toBe(false);
    expect(ledgerCodec.decode(1, Uint8Array.of(2)).ok).toBe(false);
    expect(ledgerCodec.decode(4, Uint8Array.of(0, 0)).ok).toBe(false);
    expect(ledgerCodec.decode(2, new Uint8Array(7)).ok).toBe(false);
    expect(ledgerCodec.decode(3, Uint8Array.of(0xc3)).ok).toBe(false);
    expect(() => ledgerCodec.encode({ kind: 'deposit', amount: -1n })).toThrow();
  });

  it('fold is order-sensitive and its state codec round-trips', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 2, maxLength: 20 }), (es) => {
        const s = es.reduce(ledgerFold.apply, ledgerFold.initial);
        expect(ledgerStateCodec.decode(ledgerStateCodec.encode(s))).toEqual({ ok: true, value: s });
        const swapped = [es[1]!, es[0]!, ...es.slice(2)];
        if (JSON.stringify(ledgerCodec.encode(es[0]!)) !== JSON.stringify(ledgerCodec.encode(es[1]!))) {
          expect(swapped.reduce(ledgerFold.apply, ledgerFold.initial).digest).not.toBe(s.digest);
        }
      }),
    );
  });
});
