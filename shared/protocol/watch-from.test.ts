// Where the syncer starts looking for a swap's BTC txs: every watch-tx a swap records names the height the swap saw
// (less a small margin), so a node without a tx index finds the tx by scanning blocks from there, also after a crash.
import { describe, expect, it } from 'vitest';
import { WATCH_TX_MARGIN } from './emit';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };

describe('watch-tx fromHeight', () => {
  it.each([3, 11])('is the swap\'s BTC height when it made the watch, less the margin (seed %i)', (seed) => {
    const r = simulate(seed, calm);
    let checked = 0;
    for (const side of [r.alice, r.bob]) {
      let height = 0;
      for (const e of side.transcript) {
        if (e.kind === 'btc-event' && e.event.kind === 'height') height = e.event.height;
        if (e.kind !== 'btc-task' || e.task.kind !== 'watch-tx') continue;
        expect(height).toBeGreaterThan(0);
        expect(e.task.fromHeight).toBe(Math.max(0, height - WATCH_TX_MARGIN));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8); // Alice: lock, cancel, refund, punish, buy; Bob: lock, cancel, refund, buy
  });
});
