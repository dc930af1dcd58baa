// A light, client-side plausibility check of the addresses typed into the wizard, so an obvious slip
// (empty, wrong coin, wrong network) is caught before the daemon is asked. The prefixes come from the
// network tables (shared/networks), the same ones the host decodes with; the host validates for real
// (checksums, network) and its error is shown as it comes.
import type { Network } from '../../shared/ipc/channels';
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { MONERO_PREFIXES, moneroAddressNetworkOf, moneroLeadingChars } from '../../shared/networks/monero-chains';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';

/** Segwit only (the host refuses base58 payouts): `<hrp>1`, with the sandbox's litecoind (rltc1) beside Bitcoin Core's on regtest. */
function btcPrefixes(network: Network): string[] {
  const n = SWAP_NETWORKS[network];
  const chains = 'sandboxBtc' in n ? [n.btc, n.sandboxBtc] : [n.btc];
  return [...new Set(chains.map((c) => `${BTC_NETWORKS[c].bech32}1`))];
}

/** Standard addresses and subaddresses (integrated ones are refused by the host); regtest is mainnet-format. */
function xmrPrefixes(network: Network): string[] {
  const p = MONERO_PREFIXES[moneroAddressNetworkOf(SWAP_NETWORKS[network].xmr)];
  return [...new Set([...moneroLeadingChars(p.standard), ...moneroLeadingChars(p.subaddress)])];
}

export function checkBtcAddress(text: string, network: Network): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Bitcoin address.';
  if (/\s/.test(a)) return 'A Bitcoin address has no spaces.';
  if (a.length < 26 || a.length > 90) return 'This is not the length of a Bitcoin address.';
  const prefixes = btcPrefixes(network);
  if (!prefixes.some((p) => a.toLowerCase().startsWith(p))) return `A ${network} Bitcoin address starts with ${prefixes.join(', ')}.`;
  return null;
}

export function checkXmrAddress(text: string, network: Network): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Monero address.';
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(a)) return 'A Monero address uses base58 letters and digits only.';
  if (a.length !== 95 && a.length !== 106) return `A Monero address has 95 characters (106 when integrated); this one has ${a.length}.`;
  const prefixes = xmrPrefixes(network);
  if (!prefixes.some((p) => a.startsWith(p))) return `A ${network} Monero address starts with ${prefixes.join(', ')}.`;
  return null;
}
