// The fast path is zod, only cheaper: for any input it either declines (undefined) or returns exactly
// what TranscriptEntrySchema returns (same JSON, same key order), and zod accepts that input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastEntry } from './entry-fast-path';
import { parseEntry, TranscriptEntrySchema } from './transcript';

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
/** Values a damaged or hostile file could hold where a well-formed one has a string or a number. */
const odd = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, '', 'A', -1, -0, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e300, true, [], {}, 'x'.repeat(201), 'a b', '0'.repeat(63), '0'.repeat(65), 'F'.repeat(64), 'ab\n', '\u00e9'),
  fc.string(),
  fc.integer(),
  fc.double(),
  hex(32),
  hex(64),
  fc.stringMatching(/^[A-Za-z0-9:._-]{1,30}$/),
);
const taskId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9:._-]{1,200}$/), fc.constantFrom('a'.repeat(200), 'a'.repeat(201)));
const nat = fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER));
const height = fc.record({ kind: fc.constant('height'), taskId, height: nat, blockHash: hex(64) });
const confs = fc.record({
  kind: fc.constant('tx-confirmations'),
  taskId,
  txid: hex(64),
  confirmations: fc.option(nat, { nil: null }),
  blockHash: fc.option(hex(64), { nil: null }),
  txHex: fc.option(fc.stringMatching(/^(?:[0-9a-f]{2}){0,40}$/), { nil: null }),
});
const entry = fc.record({
  kind: fc.constantFrom('btc-event', 'xmr-event'),
  dir: fc.constant('in'),
  event: fc.oneof(height, confs),
  swapId: hex(32),
  seq: nat,
  ts: nat,
});

type Mut = { at: 'top' | 'event'; op: 'set' | 'delete' | 'add'; key: string; value: unknown };
const keys = ['kind', 'dir', 'event', 'swapId', 'seq', 'ts', 'taskId', 'height', 'blockHash', 'txid', 'confirmations', 'txHex', 'extra', '__proto__'];
const mutation = fc.record({ at: fc.constantFrom<'top' | 'event'>('top', 'event'), op: fc.constantFrom<'set' | 'delete' | 'add'>('set', 'delete', 'add'), key: fc.constantFrom(...keys), value: odd });

/** Round-trips through JSON like a file does, then applies the mutations to the parsed object. */
function mutate(e: object, muts: readonly Mut[], shuffle: boolean): unknown {
  const o = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
  for (const m of muts) {
    const target = m.at === 'top' ? o : (o.event as Record<string, unknown> | null);
    if (typeof target !== 'object' || target === null) continue;
    if (m.op === 'delete') delete target[m.key];
    else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  if (!shuffle) return o;
  // the same keys in reverse order: what a hand-edited file might hold
  return Object.fromEntries(Object.entries(o).reverse());
}

function sameAsZod(raw: unknown): void {
  const fast = fastEntry(raw);
  if (fast === undefined) return;
  const z = TranscriptEntrySchema.safeParse(raw);
  expect(z.success).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(z.data));
  expect(fast).toStrictEqual(z.data);
}

describe('entry fast path', () => {
  it('takes well-formed height and confirmation entries, and returns what zod returns', () => {
    fc.assert(
      fc.property(entry, fc.boolean(), (e, shuffle) => {
        const raw = mutate(e, [], shuffle);
        const expectTaken = (e.event.taskId as string).length <= 200;
        expect(fastEntry(raw) !== undefined).toBe(expectTaken);
        sameAsZod(raw);
        const p = parseEntry(raw);
        expect(p.ok).toBe(expectTaken);
      }),
      { numRuns: 400 },
    );
  });

  it('never accepts what zod rejects, nor returns anything else than zod (mutated entries)', () => {
    fc.assert(
      fc.property(entry, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (e, muts, shuffle) => {
        const raw = mutate(e, muts, shuffle);
        sameAsZod(raw);
        // parseEntry's verdict is zod's verdict either way
        expect(parseEntry(raw).ok).toBe(TranscriptEntrySchema.safeParse(raw).success);
      }),
      { numRuns: 800 },
    );
  });

  it('declines non-objects and other kinds, leaving them to zod', () => {
    for (const raw of [null, 1, 'x', [], [1], { kind: 'control', dir: 'in', control: { kind: 'start' }, swapId: '0'.repeat(32), seq: 0, ts: 0 }]) {
      expect(fastEntry(raw)).toBeUndefined();
    }
  });
});
