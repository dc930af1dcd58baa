// Blocks on both regtest chains at a steady pace, like a (very fast) real network, for the demo and
// the sandbox. Guards: one generateblocks at a time per chain (two at once make monerod refuse blocks);
// a failed mine is retried at the next tick; stop() waits for the tick in flight.
import type { BtcRegtest } from './btc-regtest';
import type { XmrRegtest } from './xmr-regtest';

export interface SteadyMiner {
  stop(): Promise<void>;
}

export function startSteadyMiner(btc: Pick<BtcRegtest, 'mine'>, xmr: Pick<XmrRegtest, 'mine'>, blockMs: number, opts: { after?: Promise<unknown> } = {}): SteadyMiner {
  let mining = true;
  const loop = (async () => {
    // A caller still mining for its own setup (e.g. funding a wallet) goes first.
    await opts.after?.catch(() => undefined);
    while (mining) {
      await Promise.all([btc.mine(1).catch(() => undefined), xmr.mine(1).catch(() => undefined)]);
      await new Promise((r) => setTimeout(r, blockMs));
    }
  })();
  return {
    async stop() {
      mining = false;
      await loop;
    },
  };
}
