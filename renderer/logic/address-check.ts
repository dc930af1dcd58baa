// The addresses typed into the wizard, checked as typed against the swap's network: the same check and
// sentences as the host applies at "Start the swap" (shared/offer/payout-address-check.ts: segwit
// checksum, Monero checksum and keys, the network's prefixes), so the field is marked and the button
// held before the daemon is asked. The one difference: on regtest the renderer does not know which
// node the host has (Bitcoin Core or the sandbox's litecoind), so both prefixes pass here and the host
// checks its own.
import type { Network } from '../../shared/ipc/channels';
import type { BtcNetworkName } from '../../shared/networks/bitcoin-chains';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { btcAddressProblem, btcChainsNote, xmrAddressProblem } from '../../shared/offer/payout-address-check';

/** The Bitcoin chains whose addresses a swap on this network may pay to (regtest: Core's and the sandbox's). */
function btcChains(network: Network): BtcNetworkName[] {
  const n = SWAP_NETWORKS[network];
  return 'sandboxBtc' in n ? [n.btc, n.sandboxBtc] : [n.btc];
}

export const checkBtcAddress = (text: string, network: Network): string | null => btcAddressProblem(text, network, btcChains(network));

export const checkXmrAddress = (text: string, network: Network): string | null => xmrAddressProblem(text, network);

/** A line under the Bitcoin field where the network's addresses need explaining (regtest: why rltc1), else null. */
export const btcAddressNote = (network: Network): string | null => btcChainsNote(btcChains(network));
