// The BTC worker config names the chain its node must be on, from the swap network (the worker refuses any other).
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { SWAP_NETWORK_NAMES } from '../../shared/networks/swap-networks';
import { workerConfigs } from './wallet-configs';

describe('workerConfigs', () => {
  it('names the Bitcoin Core chain of each swap network, and carries the cookie file', () => {
    const chains = SWAP_NETWORK_NAMES.map((network) => {
      const c = workerConfigs('/d', { network, btcNetwork: BTC_NETWORKS.regtest, btc: { rpcUrl: 'http://127.0.0.1:8332', rpcCookieFile: '/b/.cookie' }, xmr: { daemonUrl: 'http://127.0.0.1:18081' } }, 1000);
      expect(c.btc).toMatchObject({ rpcCookieFile: '/b/.cookie' });
      return [network, c.btc.expectedChain];
    });
    expect(Object.fromEntries(chains)).toEqual({ mainnet: 'main', testnet: 'test', stagenet: 'test', signet: 'signet', regtest: 'regtest' });
  });
});
