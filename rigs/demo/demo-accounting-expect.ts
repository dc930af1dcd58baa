// The demo itests' check of demo-accounting.ts: both parties accounted, every line's gap zero. Prints
// each line so a run's log shows the figures. Test tooling.
import { expect } from 'vitest';
import type { DemoResult } from './regtest-demo';

export function expectEachPartyExact(r: Pick<DemoResult, 'accounting'>, o: { readonly unended?: 'alice' | 'bob' } = {}): void {
  for (const l of r.accounting.lines) console.log(l.text);
  expect(r.accounting.unaccounted.map((s) => s.split(':')[0])).toEqual(o.unended ? [o.unended] : []);
  expect(r.accounting.lines).toHaveLength(o.unended ? 2 : 4);
  expect(r.accounting.gaps.map((l) => l.text)).toEqual([]);
}
