// The random behaviours of a simulated swap that the property tests draw from (misbehaving XMR locks,
// aborts, offline parties, block pace, crashes, evictions): one table for every test that samples runs.
import fc from 'fast-check';
import type { Behaviour } from './swap-sim.helpers';

export const behaviourArbitrary: fc.Arbitrary<Behaviour> = fc.record({
  aliceXmr: fc.constantFrom('exact', 'over', 'never'),
  bobAbortAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 30 })),
  bobOffline: fc.constantFrom(0, 300),
  aliceOffline: fc.constantFrom(0, 60),
  mineBtc: fc.integer({ min: 5, max: 40 }),
  mineXmr: fc.integer({ min: 20, max: 90 }),
  crash: fc.integer({ min: 0, max: 6 }),
  evict: fc.integer({ min: 0, max: 6 }),
});
