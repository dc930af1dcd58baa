// A light, client-side plausibility check of the addresses typed into the wizard, so an obvious slip
// (empty, wrong coin, wrong network) is caught before the daemon is asked. The host validates for
// real (checksums, network) and its error is shown as it comes.
import type { Network } from '../../shared/ipc/channels';

const BTC_PREFIXES: Record<Network, readonly string[]> = {
  mainnet: ['bc1', '1', '3'],
  testnet: ['tb1', 'm', 'n', '2'],
  // The sandbox's Bitcoin-like chain is litecoind in regtest mode (rltc1); bcrt1 for Bitcoin Core.
  regtest: ['bcrt1', 'rltc1', 'm', 'n', '2'],
};
// Standard, subaddress and integrated prefixes; monerod's regtest uses the mainnet ones.
const XMR_PREFIXES: Record<Network, readonly string[]> = {
  mainnet: ['4', '8'],
  testnet: ['9', 'A', 'B'],
  regtest: ['4', '8', '9', 'A', 'B', '5', '7'],
};

export function checkBtcAddress(text: string, network: Network): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Bitcoin address.';
  if (/\s/.test(a)) return 'A Bitcoin address has no spaces.';
  if (a.length < 26 || a.length > 90) return 'This is not the length of a Bitcoin address.';
  const prefixes = BTC_PREFIXES[network];
  if (!prefixes.some((p) => a.toLowerCase().startsWith(p))) return `A ${network} Bitcoin address starts with ${prefixes.join(', ')}.`;
  return null;
}

export function checkXmrAddress(text: string, network: Network): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Monero address.';
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(a)) return 'A Monero address uses base58 letters and digits only.';
  if (a.length !== 95 && a.length !== 106) return `A Monero address has 95 characters (106 when integrated); this one has ${a.length}.`;
  const prefixes = XMR_PREFIXES[network];
  if (!prefixes.some((p) => a.startsWith(p))) return `A ${network} Monero address starts with ${prefixes.join(', ')}.`;
  return null;
}
