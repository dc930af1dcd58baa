// The signer's wire protocol: zod schemas for every request and response between the client and
// the signer process. Guards: nothing is acted on (either side) before it parses; the closed error
// kinds below are the only failures the signer reports.
import { z } from 'zod';
import { SwapIdSchema } from '../../shared/ids';
import { DLEQ_PROOF_LENGTH } from '../../shared/crypto/cross-group-dleq';
import type { AppError } from '../../shared/result';

const hexBytes = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`), `${n} bytes as lowercase hex`);
export const Hex32 = hexBytes(32);
export const Point33 = hexBytes(33);
export const Sig64 = hexBytes(64);
export const AdaptorSig162 = hexBytes(162);
export const RoleSchema = z.enum(['alice', 'bob']);
/** Bytes of a backup, base64, bounded (a backup of thousands of swaps stays far below it). */
const Base64Bytes = z.string().max(256 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/);
/** An unsigned Nostr event, bounded: an offer event is a few hundred bytes. */
export const NostrTemplateSchema = z
  .object({
    kind: z.number().int().min(0).max(65535),
    created_at: z.number().int().min(0).max(0xffffffff),
    tags: z.array(z.array(z.string().max(1024)).min(1).max(8)).max(40),
    content: z.string().max(4096),
  })
  .strict();

/**
 * Datum requests the signer can fulfil (protocol.md sections 2, 6, 10). `digest` is the BIP143
 * sighash the client validated. Who may ask what is in ACTION_ROLES (signer-policy.ts).
 */
export const SignRequestSchema = z.discriminatedUnion('action', [
  // Plain ECDSA with the role's key: cancel (Ac/Bc), refund (Br), punish (Ap), buy (Ab), lock (Bf).
  z.object({ action: z.literal('sign-cancel'), digest: Hex32 }).strict(),
  z.object({ action: z.literal('sign-refund'), digest: Hex32 }).strict(),
  z.object({ action: z.literal('sign-punish'), digest: Hex32 }).strict(),
  z.object({ action: z.literal('sign-buy'), digest: Hex32 }).strict(),
  z.object({ action: z.literal('sign-lock'), digest: Hex32 }).strict(),
  // Bob after an abort before the lock: one input of the tx sweeping the funding address (Bf) back
  // to his own address. Exclusive with sign-lock for the swap (signer-policy.ts rule 7).
  z.object({ action: z.literal('sign-funding-sweep'), digest: Hex32 }).strict(),
  // Adaptor-sign with the role key, encrypted to the peer's adaptor point: Alice's refund (Ar -> Tb),
  // Bob's buy (Bb -> Ta).
  z.object({ action: z.literal('adaptor-sign-refund'), digest: Hex32, peerAdaptor: Point33 }).strict(),
  z.object({ action: z.literal('adaptor-sign-buy'), digest: Hex32, peerAdaptor: Point33 }).strict(),
  // Verify the peer's adaptor signature (made to OUR adaptor point) and decrypt it with our share:
  // Bob decrypts Alice's refund signature, Alice decrypts Bob's buy signature.
  z.object({ action: z.literal('decrypt-refund'), digest: Hex32, peerKey: Point33, adaptorSig: AdaptorSig162 }).strict(),
  z.object({ action: z.literal('decrypt-buy'), digest: Hex32, peerKey: Point33, adaptorSig: AdaptorSig162 }).strict(),
  // Bob only: record Alice's cancel signature, checked against the cancel digest Bob's signer signed.
  z.object({ action: z.literal('hold-peer-cancel'), digest: Hex32, peerKey: Point33, signature: Sig64 }).strict(),
  // After buy (Bob) or refund (Alice) is on chain: from OUR adaptor signature on that digest and the
  // decrypted signature in the witness, recover the peer's spend share (checked against the peer's
  // revealed K_s) and return the JOINT Monero spend key for the sweep. No Bitcoin key leaves.
  z
    .object({ action: z.literal('recover-sweep-key'), digest: Hex32, peerAdaptor: Point33, adaptorSig: AdaptorSig162, signature: Sig64, peerSpendPublic: Hex32 })
    .strict(),
]);
export type SignRequest = z.infer<typeof SignRequestSchema>;
export type SignAction = SignRequest['action'];
export const SIGN_ACTIONS = SignRequestSchema.options.map((o) => o.shape.action.value) as readonly SignAction[];

export const SignerRequestSchema = z.discriminatedUnion('kind', [
  /** Seed fingerprint and whether this process created the seed (no secret in it). */
  z.object({ kind: z.literal('status') }).strict(),
  z.object({ kind: z.literal('public-keys'), swapId: SwapIdSchema, role: RoleSchema }).strict(),
  /** Cross-group DLEQ proof that the adaptor point and the Monero spend share hide one secret. */
  z.object({ kind: z.literal('dleq-proof'), swapId: SwapIdSchema, role: RoleSchema }).strict(),
  /** The client approves ONE signature of `action` on `digest` for this swap (single use). */
  z.object({ kind: z.literal('approve'), swapId: SwapIdSchema, role: RoleSchema, action: z.enum(SIGN_ACTIONS as [SignAction, ...SignAction[]]), digest: Hex32 }).strict(),
  z.object({ kind: z.literal('sign'), swapId: SwapIdSchema, role: RoleSchema, request: SignRequestSchema }).strict(),
  /**
   * Alice selling XMR: the keys of the swap's own XMR funding wallet (the person pays in, the client
   * locks from it or sweeps it back). Not a swap share: its own derivation, worthless to the peer.
   */
  z.object({ kind: z.literal('xmr-funding-keys'), swapId: SwapIdSchema, role: RoleSchema }).strict(),
  /**
   * The encrypted backup (shared/backup/backup-file.ts): the signer seals the bytes the host hands it,
   * or opens a backup file, with the backup key of the seed; the key never leaves the signer. Base64.
   */
  z.object({ kind: z.literal('backup-seal'), payload: Base64Bytes }).strict(),
  /** With `words`: opened with the backup key of THAT seed (a restore checks the file before storing anything); nothing is stored. */
  z.object({ kind: z.literal('backup-open'), file: Base64Bytes, words: z.string().min(1).max(1000).optional() }).strict(),
  /** The wallet's Nostr public key (x-only), under which its offers are published on relays. */
  z.object({ kind: z.literal('nostr-public-key') }).strict(),
  /**
   * Sign a Nostr event with the wallet's Nostr key: the signer computes the NIP-01 id itself and signs
   * only offer events (kind 38383 whose tags agree with its offer) and their deletions (kind 5).
   */
  z.object({ kind: z.literal('nostr-sign'), event: NostrTemplateSchema }).strict(),
  /**
   * The seed as its 24 BIP39 words, for the person to write down. `confirm: true` says the person
   * asked for them on purpose (nobody watching); the host passes them to the screen and logs nothing.
   */
  z.object({ kind: z.literal('seed-words'), confirm: z.literal(true) }).strict(),
  /**
   * Store the seed these words stand for: only into an empty keychain (or one holding the same seed),
   * or over another seed when `replace` (the host checked that no unfinished swap needs the old one).
   */
  z.object({ kind: z.literal('seed-restore'), words: z.string().min(1).max(1000), replace: z.boolean() }).strict(),
]);
export type SignerRequest = z.infer<typeof SignerRequestSchema>;
export type SignerRequestKind = SignerRequest['kind'];
export const SIGNER_REQUEST_KINDS: readonly SignerRequestKind[] = SignerRequestSchema.options.map((o) => o.shape.kind.value);

export const RequestEnvelopeSchema = z.object({ id: z.number().int().nonnegative(), body: z.unknown() }).strict();

// ---- responses ----
export const StatusValueSchema = z.object({ seedFingerprint: z.string().regex(/^[0-9a-f]{8}$/), seedCreated: z.boolean() }).strict();
export const PublicKeysValueSchema = z
  .object({
    swapId: SwapIdSchema,
    role: RoleSchema,
    btc: z.object({ fund: Point33, buy: Point33, cancel: Point33, refund: Point33, punish: Point33 }).partial().strict(),
    adaptor: Point33,
    xmrSpendPublic: Hex32,
    /** The PRIVATE view share: revealed to the peer by the protocol (RevealAlice/RevealBob.view). */
    xmrViewPrivate: Hex32,
  })
  .strict();
export const DleqProofValueSchema = z
  .object({ proof: z.string().length(DLEQ_PROOF_LENGTH * 2).regex(/^[0-9a-f]*$/), adaptor: Point33, xmrSpendPublic: Hex32 })
  .strict();
export const BackupSealValueSchema = z.object({ file: Base64Bytes }).strict();
export const BackupOpenValueSchema = z.object({ payload: Base64Bytes }).strict();
export const XmrFundingKeysValueSchema = z.object({ spendKey: Hex32, viewKey: Hex32, spendPublic: Hex32, viewPublic: Hex32 }).strict();
export const NostrPublicKeyValueSchema = z.object({ pubkey: Hex32 }).strict();
export const NostrSignValueSchema = z.object({ id: Hex32, pubkey: Hex32, sig: Sig64 }).strict();
export const SeedWordsValueSchema = z.object({ words: z.array(z.string().regex(/^[a-z]{3,8}$/)).length(24) }).strict();
export const SeedRestoreValueSchema = z
  .object({ seedFingerprint: z.string().regex(/^[0-9a-f]{8}$/), outcome: z.enum(['written', 'same', 'replaced']) })
  .strict();
export const ApproveValueSchema = z.object({ approved: z.literal(true) }).strict();
export const SignValueSchema = z.union([
  z.object({ signature: Sig64 }).strict(),
  z.object({ adaptorSig: AdaptorSig162 }).strict(),
  z.object({ held: z.literal(true) }).strict(),
  /** Joint Monero spend key k_s = ka + kb (32 bytes LE): only after the swap's outcome is on chain. */
  z.object({ xmrSpendKey: Hex32 }).strict(),
]);
export const RESPONSE_VALUE_SCHEMAS = {
  status: StatusValueSchema,
  'public-keys': PublicKeysValueSchema,
  'dleq-proof': DleqProofValueSchema,
  approve: ApproveValueSchema,
  sign: SignValueSchema,
  'xmr-funding-keys': XmrFundingKeysValueSchema,
  'backup-seal': BackupSealValueSchema,
  'backup-open': BackupOpenValueSchema,
  'nostr-public-key': NostrPublicKeyValueSchema,
  'nostr-sign': NostrSignValueSchema,
  'seed-words': SeedWordsValueSchema,
  'seed-restore': SeedRestoreValueSchema,
} as const satisfies Record<SignerRequestKind, z.ZodType>;
export type SignerValue<K extends SignerRequestKind> = z.infer<(typeof RESPONSE_VALUE_SCHEMAS)[K]>;

/**
 * bad-request: not a valid envelope or body. unknown-request: a `kind` (or sign `action`) the signer
 * does not know. wrong-role: the action is not one this role performs. not-approved: no matching
 * client approval. policy: the order rule refused it (see signer-policy.ts). bad-signature: the
 * peer's signature or key did not verify. seed-corrupt: the keychain entry is not a 32-byte seed.
 * seed-exists: a restore would overwrite another seed and was not asked to replace it. mnemonic-*:
 * the restore's words are not a seed (count, a word by position, checksum: shared/crypto/seed-mnemonic.ts).
 * Plus the keychain's own kinds when the seed cannot be read or stored.
 */
export type SignerErrorKind =
  | 'bad-request'
  | 'unknown-request'
  | 'wrong-role'
  | 'not-approved'
  | 'policy'
  | 'bad-signature'
  | 'seed-corrupt'
  | 'seed-exists'
  | 'mnemonic-length'
  | 'mnemonic-word'
  | 'mnemonic-checksum'
  // backup-*: a backup file refused by backup-open (shared/backup/backup-file.ts says which and what to do).
  | 'backup-not-a-backup'
  | 'backup-version'
  | 'backup-wrong-seed'
  | 'backup-damaged'
  | 'keychain-locked'
  | 'keychain-unavailable'
  | 'timeout'
  | 'not-found';
export const SIGNER_ERROR_KINDS = [
  'bad-request', 'unknown-request', 'wrong-role', 'not-approved', 'policy', 'bad-signature', 'seed-corrupt',
  'seed-exists', 'mnemonic-length', 'mnemonic-word', 'mnemonic-checksum',
  'backup-not-a-backup', 'backup-version', 'backup-wrong-seed', 'backup-damaged',
  'keychain-locked', 'keychain-unavailable', 'timeout', 'not-found',
] as const satisfies readonly SignerErrorKind[];
export type SignerError = AppError<SignerErrorKind>;

export const ResponseEnvelopeSchema = z
  .object({
    /** null only when the request was too malformed to carry an id. */
    id: z.number().int().nonnegative().nullable(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
      z.object({ ok: z.literal(false), error: z.object({ kind: z.enum(SIGNER_ERROR_KINDS), message: z.string() }).strict() }).strict(),
    ]),
  })
  .strict();
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

/** First message of a signer process: its IPC listener is up, requests may be sent. */
export const SIGNER_HELLO = { hello: 'fc-signer', version: 1 } as const;
export const SignerHelloSchema = z.object({ hello: z.literal('fc-signer'), version: z.literal(1) }).strict();
/**
 * FC_SIGNER_SEED=parent (the headless maker): the signer asks its parent for the seed with this first
 * message and takes only a `SignerSeedSchema` answer, into its memory keychain, before its hello.
 */
export const SIGNER_SEED_WANTED = { seedWanted: 'fc-signer', version: 1 } as const;
export const SignerSeedWantedSchema = z.object({ seedWanted: z.literal('fc-signer'), version: z.literal(1) }).strict();
export const SignerSeedSchema = z.object({ seedHex: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

/** What the signer process writes to its log stream: one JSON object per line, never a secret. */
export interface SignerLogLine {
  readonly component: 'signer';
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string;
  readonly swapId?: string;
  readonly fp?: string;
  readonly detail?: string;
}
