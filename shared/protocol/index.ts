// Public API of the swap core: schemas of everything that crosses a boundary, the per-role
// deciders (initialState/step/apply/isTerminal/resume/enabled/recover), and benchmark helpers.
// Guards the layering: the runtime, the store and the peer link import from here, not from internals.
export { aliceDecider, bobDecider, deciderFor, parseSwapState, type Decider } from './decider';
export type { StepOutput } from './step';
export type { StepError, StepErrorKind } from './fold';
export type { NextActions, NextStep } from './next-actions';
export { SwapStateSchema, type SwapState, type StandingTask } from './state';
export { DealSchema, RoleSchema, validateDeal, thresholdsOf, type Deal, type DealError, type Role } from './deal';
export {
  TranscriptEntrySchema,
  EntryBodySchema,
  CauseSchema,
  CheckpointNameSchema,
  ControlSchema,
  PeerVerdictSchema,
  TimerSchema,
  RFC09_SOURCE,
  parseEntry,
  type TranscriptEntry,
  type InputEntry,
  type OutputEntry,
  type EntryBody,
  type InputBody,
  type OutputBody,
  type EntryKind,
  type CheckpointName,
  type Cause,
  type Control,
} from './transcript';
export * from './peer-messages';
export { ClientDatumSchema, DatumRequestSchema, XmrLockSchema, type ClientDatum, type DatumRequest, type DatumRequestKind, type ClientDatumKind } from './datum';
export { TxDatumSchema, type TxDatum } from './crypto-values';
export { labelOf, parseTaskId, taskId } from './task-ids';
export { ALICE_NET } from './net-alice';
export { BOB_NET } from './net-bob';
export { syntheticTranscript } from './synthetic';
export { benchFold, type FoldBench } from './fold-bench';
