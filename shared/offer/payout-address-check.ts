// What is wrong with a payout address the person typed, in words, for one swap network: the same
// check (and the same sentence) as typed in the wizard and when the host refuses it at "Start the swap".
// Guards: a Bitcoin address must be segwit with one of the given prefixes and a valid checksum; a
// Monero address must decode for the swap's address network (checksum, keys) and not be integrated.
// Messages name the swap's own network (regtest says regtest, even where its Monero addresses are
// mainnet-format) and never repeat the address.
import { locateBech32Damage } from '../crypto/bech32-damage';
import { decodeMoneroAddress, moneroNetworkFor } from '../crypto/monero-address';
import { decodeSegwitAddress } from '../crypto/segwit-address';
import { BTC_NETWORKS, type BtcNetworkName } from '../networks/bitcoin-chains';
import { MONERO_PREFIXES, moneroLeadingChars, type MoneroAddressNetwork } from '../networks/monero-chains';
import { moneroChainOf, SWAP_NETWORKS, type SwapNetworkName } from '../networks/swap-networks';

const orList = (xs: readonly string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

/** Which chains' segwit prefixes name, for "this is a mainnet address". */
function btcChainsOfHrp(hrp: string): BtcNetworkName[] {
  return (Object.keys(BTC_NETWORKS) as BtcNetworkName[]).filter((n) => BTC_NETWORKS[n].bech32 === hrp);
}

const chainWords = (n: BtcNetworkName): string => (n === 'litecoin-regtest' ? 'litecoind regtest' : n === 'regtest' ? 'Bitcoin Core regtest' : n);

/**
 * Why a regtest "Bitcoin" address may start with rltc1: the sandbox runs litecoind in regtest (a Bitcoin
 * Core fork with the same scripts and segwit rules) in place of bitcoind. null where it does not apply.
 */
export function btcChainsNote(chains: readonly BtcNetworkName[]): string | null {
  if (!chains.includes('litecoin-regtest')) return null;
  const core = chains.includes('regtest');
  return `The app's sandbox runs litecoind in regtest mode (a Bitcoin Core fork with the same scripts) in place of bitcoind, so its addresses start with rltc1${core ? '; a Bitcoin Core regtest node\'s start with bcrt1' : ''}. Use an address of the node this wallet is connected to.`;
}

/**
 * The Bitcoin address problem, or null. `chains`: the Bitcoin chains whose addresses this swap takes
 * (the host: its node's one; the wizard on regtest: Bitcoin Core's and the sandbox's litecoind).
 */
export function btcAddressProblem(text: string, network: SwapNetworkName, chains: readonly BtcNetworkName[]): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Bitcoin address.';
  if (/\s/.test(a)) return 'A Bitcoin address has no spaces.';
  const prefixes = [...new Set(chains.map((c) => `${BTC_NETWORKS[c].bech32}1`))];
  const note = btcChainsNote(chains);
  const wanted = `A ${network} Bitcoin address starts with ${orList(prefixes)}${note && !chains.includes('regtest') ? ' (the sandbox runs litecoind regtest in place of bitcoind)' : ''}`;
  const sep = a.lastIndexOf('1');
  const hrp = sep > 0 ? a.slice(0, sep).toLowerCase() : '';
  const others = btcChainsOfHrp(hrp);
  if (!prefixes.includes(`${hrp}1`)) {
    if (others.length > 0) return `This is a ${others.map(chainWords).join(' or ')} Bitcoin address. ${wanted}.`;
    if (/^[123mn]/.test(a) && /^[1-9A-HJ-NP-Za-km-z]+$/.test(a)) return `${wanted}: only segwit addresses are taken, and this looks like an older (base58) address.`;
    return `${wanted}.`;
  }
  if (a.length < hrp.length + 12 || a.length > 90) return `This is not the length of a Bitcoin address (${a.length} characters).`;
  const decoded = decodeSegwitAddress(a, hrp);
  if (decoded.ok) return null;
  // v0 (…1q…) is bech32, later versions bech32m: locate the damage under the checksum the version implies.
  const d = locateBech32Damage(a, a[sep + 1]?.toLowerCase() === 'q' ? 'bech32' : 'bech32m');
  if (d?.kind === 'changed') return `Character ${d.position} looks wrong: the address's checksum does not match. Check it against your wallet, or copy it again.`;
  if (d?.kind === 'bad-char') return `Character ${d.position} (${JSON.stringify(d.char)}) is not used in Bitcoin addresses (never b, i, o or 1 after the prefix).`;
  if (d?.kind === 'mixed-case') return 'The address mixes capital and small letters; a Bitcoin address is all one case.';
  if (d !== null) return 'The address does not check out: characters were changed, added or dropped. Copy it again from your wallet.';
  return `The address is not a payable segwit address (${decoded.error.message}).`;
}

const xmrNetworksByLead = (): Map<string, MoneroAddressNetwork> => {
  const m = new Map<string, MoneroAddressNetwork>();
  for (const [net, p] of Object.entries(MONERO_PREFIXES) as [MoneroAddressNetwork, (typeof MONERO_PREFIXES)['mainnet']][]) {
    for (const kind of ['standard', 'subaddress', 'integrated'] as const) for (const c of moneroLeadingChars(p[kind])) m.set(c, net);
  }
  return m;
};
const LEADS = xmrNetworksByLead();

/** The Monero address problem, or null. */
export function xmrAddressProblem(text: string, network: SwapNetworkName): string | null {
  const a = text.trim();
  if (!a) return 'Enter a Monero address.';
  const bad = a.search(/[^1-9A-HJ-NP-Za-km-z]/);
  if (bad >= 0) return `Character ${bad + 1} (${JSON.stringify(a[bad])}) is not used in Monero addresses (base58: no 0, O, I or l, no spaces).`;
  const want = moneroNetworkFor(network);
  const p = MONERO_PREFIXES[want];
  const leads = [...new Set([...moneroLeadingChars(p.standard), ...moneroLeadingChars(p.subaddress)])];
  // Regtest Monero (FAKECHAIN) uses mainnet's address format: say so, so "mainnet" does not surprise.
  const format = moneroChainOf(network) === want ? '' : ` (a ${SWAP_NETWORKS[network].xmr} Monero node uses ${want} addresses)`;
  const wanted = `A ${network} Monero address starts with ${orList(leads)}${format}`;
  const lead = LEADS.get(a[0]!);
  if (!leads.includes(a[0]!)) {
    if (lead === undefined || lead === want) return `${wanted}.`;
    // Another network's prefix: a real address of it, or a typo in the first character.
    if (decodeMoneroAddress(a).ok) return `This is a Monero ${lead} address. ${wanted}.`;
    return `A character is wrong: the address does not check out (it starts like a Monero ${lead} address). ${wanted}.`;
  }
  if (a.length !== 95 && a.length !== 106) return `A Monero address has 95 characters; this one has ${a.length}.`;
  const x = decodeMoneroAddress(a);
  if (x.ok) return x.value.kind === 'integrated' ? 'Integrated Monero addresses are not accepted: use a standard address or a subaddress.' : null;
  if (x.error.kind === 'bad-checksum') return "A character is wrong: the address's checksum does not match. Check it against your wallet, or copy it again.";
  if (x.error.kind === 'bad-point') return 'A character is wrong: the address does not hold valid keys. Check it against your wallet, or copy it again.';
  return 'A character is wrong: the address does not decode. Check it against your wallet, or copy it again.';
}
