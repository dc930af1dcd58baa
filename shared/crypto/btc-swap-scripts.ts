// The two swap scripts (farcaster-core CoopLock and PunishLock, CHECKSIGVERIFY form) and the
// swap's Bitcoin key set. Invariant: key aliasing Ac=Ab, Bc=Bb, Ap=Ar is explicit and checked here,
// because the lock script holds only the buy keys (pitfall 11.2 #13).
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '@noble/curves/utils.js';
import { OutScript, Script } from '@scure/btc-signer';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { parsePoint33 } from './secp-codec';

/** The secp256k1 public keys each party reveals (RFC-04 reveal messages), 33-byte compressed. */
export interface AliceBtcKeys { readonly buy: Uint8Array; readonly cancel: Uint8Array; readonly refund: Uint8Array; readonly punish: Uint8Array }
export interface BobBtcKeys { readonly buy: Uint8Array; readonly cancel: Uint8Array; readonly refund: Uint8Array }

/** The keys the scripts use, after the aliasing check. */
export interface SwapScriptKeys {
  readonly aliceBuy: Uint8Array; // Ab = Ac
  readonly bobBuy: Uint8Array; // Bb = Bc
  readonly aliceRefund: Uint8Array; // Ar = Ap
  readonly bobRefund: Uint8Array; // Br
}

export function swapScriptKeys(alice: AliceBtcKeys, bob: BobBtcKeys): CryptoResult<SwapScriptKeys> {
  for (const [name, k] of [['Ab', alice.buy], ['Ac', alice.cancel], ['Ar', alice.refund], ['Ap', alice.punish], ['Bb', bob.buy], ['Bc', bob.cancel], ['Br', bob.refund]] as const) {
    const p = parsePoint33(k, name);
    if (!p.ok) return p;
  }
  // Cancel spends the lock output, whose script only checks the buy keys: the cancel keys must be them.
  if (!equalBytes(alice.cancel, alice.buy)) return fail('template', 'Alice cancel key must equal her buy key (Ac = Ab)');
  if (!equalBytes(bob.cancel, bob.buy)) return fail('template', 'Bob cancel key must equal his buy key (Bc = Bb)');
  // Our choice (protocol.md 7, option a): punish signs with the refund key, as farcaster-core does.
  if (!equalBytes(alice.punish, alice.refund)) return fail('template', 'Alice punish key must equal her refund key (Ap = Ar)');
  const distinct = [alice.buy, bob.buy, alice.refund, bob.refund];
  for (let i = 0; i < distinct.length; i++)
    for (let j = i + 1; j < distinct.length; j++) if (equalBytes(distinct[i]!, distinct[j]!)) return fail('template', 'swap keys must be distinct (Ab, Bb, Ar, Br)');
  return ok({ aliceBuy: alice.buy, bobBuy: bob.buy, aliceRefund: alice.refund, bobRefund: bob.refund });
}

/** CoopLock: `<Ab> CHECKSIGVERIFY <Bb> CHECKSIG` (70 bytes). Witness `[sig_B, sig_A, script]`. */
export const lockScript = (k: SwapScriptKeys): Uint8Array => Script.encode([k.aliceBuy, 'CHECKSIGVERIFY', k.bobBuy, 'CHECKSIG']);

/** PunishLock: `IF <Ar> CHECKSIGVERIFY <Br> CHECKSIG ELSE <punish> CSV DROP <Ap> CHECKSIG ENDIF`. */
export const cancelScript = (k: SwapScriptKeys, punishTimelock: number): Uint8Array =>
  Script.encode(['IF', k.aliceRefund, 'CHECKSIGVERIFY', k.bobRefund, 'CHECKSIG', 'ELSE', punishTimelock, 'CHECKSEQUENCEVERIFY', 'DROP', k.aliceRefund, 'CHECKSIG', 'ENDIF']);

export const p2wshOutputScript = (witnessScript: Uint8Array): Uint8Array => OutScript.encode({ type: 'wsh', hash: sha256(witnessScript) });

/** BIP143 scriptCode of a P2WPKH input: the P2PKH script of the key hash. */
export const p2wpkhScriptCode = (pubkeyHash20: Uint8Array): Uint8Array => OutScript.encode({ type: 'pkh', hash: pubkeyHash20 });
