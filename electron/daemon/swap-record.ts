// The fold the store runs for one swap: genesis -> initial record, then each entry through the
// decider's `apply` and the runtime's evidence fold. Invariant: live stepping and recovery use this
// same function, so checkpoint + replay always equals the state the actor had.
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import type { SwapDecider, SwapGenesis, SwapRecord } from './daemon-ports';
import { foldEvidence, NO_EVIDENCE } from '../../shared/protocol/checks/peer-evidence';

export function initialRecord<S>(decider: SwapDecider<S>, genesis: SwapGenesis): SwapRecord<S> {
  return { genesis, core: decider.initialState(genesis.deal), nextSeq: 0, evidence: NO_EVIDENCE };
}

/** Throws on a gap: entries are dense per swap, and the store guarantees order, so a gap is a bug. */
export function applyRecord<S>(decider: SwapDecider<S>, r: SwapRecord<S>, e: TranscriptEntry): SwapRecord<S> {
  if (e.seq !== r.nextSeq) throw new Error(`bug: entry seq ${e.seq} applied at ${r.nextSeq}`);
  return {
    genesis: r.genesis,
    core: decider.apply(r.core, e),
    nextSeq: e.seq + 1,
    evidence: foldEvidence(r.evidence, r.genesis.deal.role, e),
  };
}
