// Datum messages of Farcaster RFC-06 between the daemon and its own client: requests the daemon
// sends (what to sign, what to show) and the bundles the client answers with.
// Guards key custody: the daemon asks for signatures and public data, never for a private key,
// except the spend key of a sweep the client decided to hand over after recovering it.
import { z } from 'zod';
import { AmountSchema, TxidSchema } from '../ids';
import {
  BtcAddressSchema,
  EdScalarSchema,
  EncSigSchema,
  Sig64Schema,
  TxDatumSchema,
  TxHexSchema,
  XmrAddressSchema,
} from './crypto-values';
import {
  BuyProcedureSignatureSchema,
  CommitAliceSchema,
  CommitBobSchema,
  CoreArbitratingSetupSchema,
  RefundProcedureSignaturesSchema,
  RevealAliceSchema,
  RevealBobSchema,
} from './peer-messages';

/** Where the joint Monero lock lives: both parties know the view key, the client derives both. */
export const XmrLockSchema = z
  .object({ address: XmrAddressSchema, viewKey: EdScalarSchema, fromHeight: z.number().int().min(0) })
  .strict();
export type XmrLock = z.infer<typeof XmrLockSchema>;

// ---- client -> daemon (transcript source 3: client datum bundles and instructions) ----

export const ClientDatumSchema = z.discriminatedUnion('kind', [
  /** Own session parameters: the commit and reveal the daemon will send, computed by the client. */
  z.object({ kind: z.literal('alice-session-params'), commit: CommitAliceSchema, reveal: RevealAliceSchema }).strict(),
  z
    .object({
      kind: z.literal('bob-session-params'),
      commit: CommitBobSchema,
      reveal: RevealBobSchema,
      /** P2WPKH of Bf, and the exact amount to pay there (deal amount + lock fee). */
      funding: z.object({ address: BtcAddressSchema, amount: AmountSchema }).strict(),
    })
    .strict(),
  /** Bob: lock, cancel, refund built on the seen funding output, Bob's cancel signature. */
  z
    .object({
      kind: z.literal('core-arbitrating-transactions'),
      lock: TxDatumSchema,
      cancel: TxDatumSchema,
      refund: TxDatumSchema,
      cancelSig: Sig64Schema,
      /** P2WSH address of the cancel output: its spends tell refund from punish. */
      cancelOutput: BtcAddressSchema,
    })
    .strict(),
  /** Alice: cosigned cancel, adaptor refund signature, signed punish, the joint XMR address, and the
   *  txids of lock and refund her client computed while validating the setup (the daemon hashes nothing). */
  z
    .object({
      kind: z.literal('refund-procedure'),
      lockTxid: TxidSchema,
      refundTxid: TxidSchema,
      cancelSig: Sig64Schema,
      refundAdaptorSig: EncSigSchema,
      cancelSigned: TxDatumSchema,
      punishSigned: TxDatumSchema,
      xmr: XmrLockSchema,
    })
    .strict(),
  /** Bob: signed lock, completed cancel and refund, buy with its adaptor signature, joint XMR address. */
  z
    .object({
      kind: z.literal('signed-arbitrating-lock'),
      lockSigned: TxDatumSchema,
      cancelSigned: TxDatumSchema,
      refundSigned: TxDatumSchema,
      buy: TxDatumSchema,
      buyAdaptorSig: EncSigSchema,
      xmr: XmrLockSchema,
    })
    .strict(),
  /** Alice: buy with her signature and Bob's decrypted one. */
  z.object({ kind: z.literal('fully-signed-buy'), buySigned: TxDatumSchema }).strict(),
  /** Winner of the XMR (Bob after buy, Alice after refund): the recovered joint keys and a destination. */
  z
    .object({
      kind: z.literal('accordant-sweep'),
      spendKey: EdScalarSchema,
      viewKey: EdScalarSchema,
      address: XmrAddressSchema,
      destination: XmrAddressSchema,
      fromHeight: z.number().int().min(0),
    })
    .strict(),
  /** RFC-06 instruction `abort`: only honoured before the point of no return. */
  z.object({ kind: z.literal('abort') }).strict(),
  /** The person's manual command (manual-actions.ts): broadcast this signed tx now, if valid on chain. */
  z.object({ kind: z.literal('manual'), action: z.enum(['cancel', 'refund', 'punish']) }).strict(),
]);
export type ClientDatum = z.infer<typeof ClientDatumSchema>;
export type ClientDatumKind = ClientDatum['kind'];

// ---- daemon -> client ----

export const DatumRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session-params') }).strict(),
  /** The counterparty's verified reveal, for the client's later signing. */
  z.object({ kind: z.literal('peer-params'), reveal: z.union([RevealAliceSchema, RevealBobSchema]) }).strict(),
  /** Bob: show the funding address (only after the after-reveal checkpoint). */
  z.object({ kind: z.literal('fund'), address: BtcAddressSchema, amount: AmountSchema }).strict(),
  z.object({ kind: z.literal('core-arbitrating-transactions'), fundingTxid: TxidSchema, amount: AmountSchema }).strict(),
  z.object({ kind: z.literal('sign-refund-procedure'), setup: CoreArbitratingSetupSchema }).strict(),
  z.object({ kind: z.literal('sign-arbitrating-lock'), refundSigs: RefundProcedureSignaturesSchema }).strict(),
  /** Alice: show the joint XMR address and the exact amount (only after lock is final). */
  z.object({ kind: z.literal('lock-xmr'), address: XmrAddressSchema, amount: AmountSchema }).strict(),
  /** Alice: the funding window closed; stop showing the address. */
  z.object({ kind: z.literal('withdraw-xmr-lock'), address: XmrAddressSchema }).strict(),
  z.object({ kind: z.literal('sign-buy'), buySig: BuyProcedureSignatureSchema }).strict(),
  /** Recover the counterparty's spend share from a published buy (Bob) or refund (Alice). */
  z.object({ kind: z.literal('recover-accordant'), from: z.enum(['buy', 'refund']), txHex: TxHexSchema }).strict(),
  /** Bob after an abort: sweep whatever reached the funding address back to his wallet. */
  z.object({ kind: z.literal('sweep-funding'), address: BtcAddressSchema }).strict(),
]);
export type DatumRequest = z.infer<typeof DatumRequestSchema>;
export type DatumRequestKind = DatumRequest['kind'];
