// One client per swap: the person's addresses differ per swap (read from the client backup); the keys
// all come from the signer. The router answers the node's datum requests with the swap's own client.
import { appError, err } from '../../shared/result';
import type { HeadlessClient } from '../client/headless-client';
import { clientNodeReads } from './client-node-reads';
import type { WalletServiceOptions } from './wallet-context';
import type { WalletXmrFunding } from './wallet-xmr-funding';

export type SwapClient = ReturnType<WalletServiceOptions['makeClient']>;

export interface SwapClients {
  /** The swap's client, made on first use; undefined when the backup has no parameters for it. */
  clientFor(swapId: string): SwapClient | undefined;
  /** What the swap node asks: each request goes to its swap's client. */
  readonly router: Pick<HeadlessClient, 'handle'>;
  /** Stop every client's background jobs (Alice's funding jobs resume from their store after a restart). */
  close(): void;
}

export function swapClients(o: Pick<WalletServiceOptions, 'endpoints' | 'backup' | 'makeClient' | 'log' | 'pollMs'>, funding: WalletXmrFunding | null): SwapClients {
  const e = o.endpoints;
  // The person's nodes in order, as the syncers use them: a read the first node cannot answer goes to the next.
  const btcRpc = clientNodeReads(e, o.log ?? (() => undefined));
  const xmrHeight = () => btcRpc.xmrHeight();
  const clients = new Map<string, SwapClient>();
  const clientFor = (swapId: string) => {
    let c = clients.get(swapId);
    if (c) return c;
    const b = o.backup.swap(swapId);
    if (!b) return undefined;
    c = o.makeClient({
      btcAddress: async () => b.btcAddress,
      xmrDestination: async () => b.xmrAddress,
      xmrHeight,
      fundingVout: (txid, address) => btcRpc.fundingVout(txid, address),
      // Bob's abort before the lock: the client sweeps the funding address back to his address.
      fundingUtxos: (address) => btcRpc.fundingUtxos(address),
      broadcast: (hex) => btcRpc.broadcast(hex),
    }, b.deal.role === 'alice' && funding ? { xmrFunding: funding.port, xmrFundingPollMs: o.pollMs ?? 1000 } : {});
    clients.set(swapId, c);
    return c;
  };
  const router: Pick<HeadlessClient, 'handle'> = {
    handle: async (swapId, req) => {
      const c = clientFor(swapId);
      return c ? c.handle(swapId, req) : err(appError('client-unknown-swap', `no backed-up parameters for swap ${swapId}: restore the client backup`));
    },
  };
  return { clientFor, router, close: () => clients.forEach((c) => c.close?.()) };
}
