// Fees from a rate (sat/kvB) and a transaction's vsize with its witness, and Bitcoin Core's dust rule.
// Invariant: both parties compute the same fee for the same template (worst-case signature sizes),
// so a fee that differs by one satoshi is a template violation, not a rounding question.
import { RawTx } from '@scure/btc-signer';
import type { BtcNetwork } from './btc-network';

/** DER signature (<= 71 bytes with low s) plus the sighash byte: the largest a witness item gets. */
export const MAX_SIG_WITNESS_BYTES = 72;

export type EncodableTx = Parameters<typeof RawTx.encode>[0];

export function txWeight(tx: EncodableTx): number {
  const base = RawTx.encode({ ...tx, segwitFlag: false, witnesses: undefined }).length;
  const total = RawTx.encode(tx).length;
  return base * 3 + total;
}

export const txVsize = (tx: EncodableTx): number => Math.ceil(txWeight(tx) / 4);

/** fee = ceil(rate · vsize / 1000) satoshis. */
export const feeForVsize = (feeRateSatPerKvB: bigint, vsize: number): bigint => (feeRateSatPerKvB * BigInt(vsize) + 999n) / 1000n;

const compactSizeLen = (n: number): number => (n < 0xfd ? 1 : n <= 0xffff ? 3 : 5);

/** Bitcoin Core `GetDustThreshold`: the cost of spending the output at the dust relay rate. */
export function dustThreshold(outputScript: Uint8Array, network: BtcNetwork): bigint {
  let size = 8 + compactSizeLen(outputScript.length) + outputScript.length;
  const isWitnessProgram =
    outputScript.length >= 4 && outputScript.length <= 42 && (outputScript[0] === 0 || (outputScript[0]! >= 0x51 && outputScript[0]! <= 0x60)) && outputScript[1] === outputScript.length - 2;
  size += isWitnessProgram ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return BigInt(Math.floor((size * network.dustRelayFeeSatPerKvB) / 1000));
}

export const isDust = (amount: bigint, outputScript: Uint8Array, network: BtcNetwork): boolean => amount < dustThreshold(outputScript, network);
