// The Nostr relays an offer book uses when the person has not chosen any, per swap network, and the
// shape of a relay address. Guards: only wss:// off this machine (a relay sees offers only, but the
// person's IP and the offers they watch should not travel in the clear); ws:// only to loopback (the
// sandbox's local relay, a relay of the person's own).
import { z } from 'zod';
import type { SwapNetworkName } from './swap-networks';

const PUBLIC_RELAYS = ['wss://relay.damus.io', 'wss://nos.lol', 'wss://relay.nostr.band'] as const;

/** Regtest has no public relays: its offers are the sandbox's (on its local relay) or the person's own list. */
export const DEFAULT_RELAYS: Readonly<Record<SwapNetworkName, readonly string[]>> = {
  mainnet: PUBLIC_RELAYS,
  testnet: PUBLIC_RELAYS,
  stagenet: PUBLIC_RELAYS,
  signet: PUBLIC_RELAYS,
  regtest: [],
};

const LOOPBACK = /^ws:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(\/[^\s]*)?$/;
const SECURE = /^wss:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[^\s]*)?$/;

export const RelayUrlSchema = z
  .string()
  .max(300)
  .refine((u) => SECURE.test(u) || LOOPBACK.test(u), 'a relay address is wss://host[:port][/path] (ws:// only to this machine)');

/** The relays in use: the person's list (or the network's defaults), then the sandbox's local relay; each once. */
export function relaysInUse(network: SwapNetworkName, chosen: readonly string[] | undefined, sandboxRelay: string | null): string[] {
  const base = chosen ?? DEFAULT_RELAYS[network];
  return [...new Set([...base, ...(sandboxRelay ? [sandboxRelay] : [])])];
}
