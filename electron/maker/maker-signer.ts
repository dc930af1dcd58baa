// The headless maker's signer: one signer core in this process over the maker's seed, serving both its
// swap client (approve-then-sign of each swap transaction) and its offer announcer (the Nostr key, for
// offer events and their deletions only). One core, so one derivation and one policy for both.
// Guards: the seed lives in the core's memory keychain only (never logged, never written by the
// maker); a signer process for the maker is still to do (ARCHITECTURE.md, changes from the design).
import { toHex } from '../../shared/hex';
import { swapSignerOver, type SwapSigner } from '../client/swap-signer';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { inProcessNostrSigner, type NostrEventSigner } from '../nostr/nostr-signer';
import { decodeAnswer } from '../signer/signer-client';
import { createSignerCore } from '../signer/signer-core';

export interface MakerSigner {
  readonly swaps: SwapSigner;
  readonly nostr: NostrEventSigner;
}

export function makerSigner(seed: Uint8Array): MakerSigner {
  const core = createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seed)]]) });
  let id = 0;
  return {
    swaps: swapSignerOver(async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result)),
    nostr: inProcessNostrSigner(core),
  };
}
