// The signer's request handler: parses every request, loads the seed once, derives per-swap keys and
// answers datum requests under the sign policy, one handler per request kind (the sign actions
// themselves are in sign-actions.ts). Guards: no BTC private key, spend share or seed is ever part of
// a response or a log line; a malformed or unknown request changes nothing.
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import type { Keychain } from '../keychain/keychain-port';
import { isOfferEventTemplate } from '../../shared/offer/nostr-order';
import { signNostrEvent } from '../../shared/crypto/nostr-key';
import { deriveNostrSecrets, deriveSwapSecrets, deriveXmrFundingSecrets, masterSeedFromEntropy, proveSpendShare, publicKeysOf, type SwapRole, type SwapSecrets } from './key-source';
import { mnemonicToSeed, seedToMnemonic } from '../../shared/crypto/seed-mnemonic';
import { loadOrCreateSeed, restoreSeed, type LoadedSeed } from './seed-store';
import { done, fail, runSignAction, type Answer } from './sign-actions';
import { SignPolicy } from './signer-policy';
import { backupAnswers } from './signer-backup';
import {
  RequestEnvelopeSchema,
  SIGN_ACTIONS,
  SIGNER_REQUEST_KINDS,
  SignerRequestSchema,
  type ResponseEnvelope,
  type SignerLogLine,
  type SignerRequest,
  type SignerRequestKind,
} from './signer-protocol';

export interface SignerCoreOptions {
  readonly keychain: Keychain;
  readonly log?: (line: SignerLogLine) => void;
  readonly random?: (n: number) => Uint8Array;
}

export interface SignerCore {
  /** Answer one raw message (anything that came over the channel). Never throws for bad input. */
  handle(raw: unknown): Promise<ResponseEnvelope>;
  /** Load (or on first run create) the seed now; the process entry calls it at start-up. */
  init(): Promise<Answer>;
}

/** Why a raw body is refused, before the full schema: unknown kinds/actions get their own kind. */
function unknownKind(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const kind = (body as { kind?: unknown }).kind;
  if (typeof kind === 'string' && !(SIGNER_REQUEST_KINDS as readonly string[]).includes(kind)) return `unknown request kind '${kind.slice(0, 40)}'`;
  // The action sits in `request` for a sign and at the top level for an approval.
  const req = (body as { request?: unknown }).request;
  const holder = kind === 'sign' ? req : kind === 'approve' ? body : undefined;
  const action = typeof holder === 'object' && holder !== null ? (holder as { action?: unknown }).action : undefined;
  if (typeof action === 'string' && !(SIGN_ACTIONS as readonly string[]).includes(action)) return `unknown sign action '${action.slice(0, 40)}'`;
  return null;
}

const issues = (e: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) =>
  e.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');

type Log = (line: SignerLogLine) => void;
type SeedResult = { ok: true; loaded: LoadedSeed } | { ok: false; answer: Answer };

interface SeedLoader {
  (): Promise<SeedResult>;
  /** Forget the loaded seed (after a restore wrote another): the next request loads the keychain's. */
  forget(): void;
}

/** The seed, loaded (or created) once; a failed load is forgotten so the next request tries again. */
function seedLoader(opts: SignerCoreOptions, log: Log): SeedLoader {
  let seed: Promise<Answer & { loaded?: LoadedSeed }> | undefined;
  const load = async (): Promise<SeedResult> => {
    seed ??= loadOrCreateSeed(opts.keychain, opts.random).then((r) => {
      if (!r.ok) {
        log({ component: 'signer', level: 'error', event: 'seed-unavailable', detail: r.error.kind });
        return fail(r.error.kind, r.error.message);
      }
      log({ component: 'signer', level: 'info', event: r.value.created ? 'seed-created' : 'seed-loaded', fp: r.value.fingerprint });
      return { ...done({ seedFingerprint: r.value.fingerprint, seedCreated: r.value.created }), loaded: r.value };
    });
    const s = await seed;
    if (!s.ok || !s.loaded) {
      seed = undefined; // a locked keychain may be unlocked by the next request
      return { ok: false, answer: s.ok ? fail('seed-corrupt', 'seed missing') : { ok: false, error: s.error } };
    }
    return { ok: true, loaded: s.loaded };
  };
  return Object.assign(load, { forget: () => (seed = undefined) });
}

/** The BIP39 seed of the loaded entropy: the stretch runs once per loaded seed, not per request. */
function masterSeeds(): (loaded: LoadedSeed) => Uint8Array {
  let master: { fingerprint: string; seed: Uint8Array } | undefined;
  return (loaded) => {
    if (master?.fingerprint !== loaded.fingerprint) master = { fingerprint: loaded.fingerprint, seed: masterSeedFromEntropy(loaded.seed) };
    return master.seed;
  };
}

/** Per-swap secrets of the loaded seed, derived once each. */
function swapSecrets(masterOf: (loaded: LoadedSeed) => Uint8Array): (loaded: LoadedSeed, swapId: SwapId, role: SwapRole) => SwapSecrets {
  const cache = new Map<string, SwapSecrets>();
  return (loaded, swapId, role) => {
    const k = `${loaded.fingerprint}:${swapId}:${role}`;
    let s = cache.get(k);
    if (!s) cache.set(k, (s = deriveSwapSecrets(masterOf(loaded), swapId, role)));
    return s;
  };
}

/**
 * Alice's XMR funding wallet keys. Only Alice pays XMR into a swap; Bob asking is refused (his
 * client has no use for them). Handed to the client that locks and sweeps; never logged.
 */
function xmrFundingKeysAnswer(masterOf: (loaded: LoadedSeed) => Uint8Array, log: Log) {
  return (req: RequestOf<'xmr-funding-keys'>, loaded: LoadedSeed): Answer => {
    if (req.role !== 'alice') return fail('wrong-role', 'only Alice pays XMR into a swap: bob has no XMR funding wallet');
    const k = deriveXmrFundingSecrets(masterOf(loaded), req.swapId);
    log({ component: 'signer', level: 'info', event: 'xmr-funding-keys', swapId: req.swapId });
    return done({ spendKey: toHex(k.spend.secret), viewKey: toHex(k.view.secret), spendPublic: toHex(k.spend.public), viewPublic: toHex(k.view.public) });
  };
}

/**
 * The Nostr key signs offer events and their deletions, nothing else: a compromised host cannot make
 * it sign a message, a follow list or a DM under the maker's Nostr name. The id is computed here, so
 * the signature covers exactly the event the signer checked.
 */
function nostrAnswers(masterOf: (loaded: LoadedSeed) => Uint8Array, log: Log) {
  let key: { fingerprint: string; secret: Uint8Array; publicKey: string } | undefined;
  const keyOf = (loaded: LoadedSeed) => {
    if (key?.fingerprint !== loaded.fingerprint) key = { fingerprint: loaded.fingerprint, ...deriveNostrSecrets(masterOf(loaded)) };
    return key;
  };
  return {
    publicKey: (_req: RequestOf<'nostr-public-key'>, loaded: LoadedSeed): Answer => done({ pubkey: keyOf(loaded).publicKey }),
    sign: (req: RequestOf<'nostr-sign'>, loaded: LoadedSeed): Answer => {
      const allowed = isOfferEventTemplate(req.event);
      if (!allowed.ok) {
        log({ component: 'signer', level: 'warn', event: 'nostr-refused', detail: `kind ${req.event.kind}: ${allowed.error.kind}` });
        return fail('policy', `the Nostr key signs only offer events and their deletions: ${allowed.error.message}`);
      }
      const e = signNostrEvent(keyOf(loaded).secret, req.event);
      log({ component: 'signer', level: 'info', event: 'nostr-signed', detail: `kind ${e.kind}` });
      return done({ id: e.id, pubkey: e.pubkey, sig: e.sig });
    },
  };
}

type RequestOf<K extends SignerRequestKind> = Extract<SignerRequest, { kind: K }>;
type RequestHandlers = { readonly [K in SignerRequestKind]: (req: RequestOf<K>) => Answer | Promise<Answer> };

/**
 * The seed as words (asked on purpose: `confirm: true` is in the schema) and a restore from words. A
 * restore that changed the stored seed makes the next request load it. The words are never logged.
 */
function seedAnswers(keychain: Keychain, ensureSeed: SeedLoader, log: Log) {
  return {
    words: (_req: RequestOf<'seed-words'>, loaded: LoadedSeed): Answer => {
      log({ component: 'signer', level: 'info', event: 'seed-words-shown', fp: loaded.fingerprint });
      return done({ words: seedToMnemonic(loaded.seed).split(' ') });
    },
    async restore(req: RequestOf<'seed-restore'>): Promise<Answer> {
      const seed = mnemonicToSeed(req.words);
      if (!seed.ok) return fail(seed.error.kind, seed.error.message);
      const r = await restoreSeed(keychain, seed.value, { replace: req.replace });
      seed.value.fill(0);
      if (!r.ok) {
        log({ component: 'signer', level: 'warn', event: 'seed-restore-refused', detail: r.error.kind });
        return fail(r.error.kind, r.error.message);
      }
      if (r.value.outcome !== 'same') ensureSeed.forget();
      log({ component: 'signer', level: 'info', event: `seed-restore-${r.value.outcome}`, fp: r.value.fingerprint });
      return done({ seedFingerprint: r.value.fingerprint, outcome: r.value.outcome });
    },
  };
}

/** One handler per request kind; every kind but `approve` and `seed-restore` runs with the seed loaded. */
function requestHandlers(keychain: Keychain, ensureSeed: SeedLoader, log: Log): RequestHandlers {
  const policy = new SignPolicy();
  const masterOf = masterSeeds();
  const secretsFor = swapSecrets(masterOf);
  const nostr = nostrAnswers(masterOf, log);
  const backup = backupAnswers(masterOf, log);
  const seed = seedAnswers(keychain, ensureSeed, log);
  const withSeed =
    <K extends SignerRequestKind>(fn: (req: RequestOf<K>, loaded: LoadedSeed) => Answer) =>
    async (req: RequestOf<K>): Promise<Answer> => {
      const s = await ensureSeed();
      return s.ok ? fn(req, s.loaded) : s.answer;
    };
  const openStored = withSeed<'backup-open'>(backup.open);
  return {
    approve(req) {
      const v = policy.approve(req.swapId, req.role, req.action, req.digest);
      if (!v.ok) return fail(v.kind, v.message);
      log({ component: 'signer', level: 'info', event: 'approved', swapId: req.swapId, detail: req.action });
      return done({ approved: true });
    },
    status: withSeed((_req, loaded) => done({ seedFingerprint: loaded.fingerprint, seedCreated: loaded.created })),
    'public-keys': withSeed((req, loaded) => {
      const p = publicKeysOf(secretsFor(loaded, req.swapId, req.role));
      const btc = Object.fromEntries(Object.entries(p.btc).map(([k, v]) => [k, toHex(v)]));
      return done({ swapId: req.swapId, role: req.role, btc, adaptor: toHex(p.adaptor), xmrSpendPublic: toHex(p.xmrSpendPublic), xmrViewPrivate: toHex(p.xmrViewPrivate) });
    }),
    'dleq-proof': withSeed((req, loaded) => {
      const secrets = secretsFor(loaded, req.swapId, req.role);
      const proof = proveSpendShare(secrets);
      if (!proof.ok) throw new Error(`bug: DLEQ proof of an own share failed: ${proof.error.message}`);
      log({ component: 'signer', level: 'info', event: 'dleq-proved', swapId: req.swapId });
      return done({ proof: toHex(proof.value.proof), adaptor: toHex(secrets.adaptorPublic), xmrSpendPublic: toHex(secrets.xmrSpendPublic) });
    }),
    sign: withSeed((req, loaded) => {
      const secrets = secretsFor(loaded, req.swapId, req.role);
      const { action, digest } = req.request;
      const verdict = policy.check(req.swapId, req.role, action, digest);
      if (!verdict.ok) {
        log({ component: 'signer', level: 'warn', event: 'refused', swapId: req.swapId, detail: `${action}: ${verdict.kind}` });
        return fail(verdict.kind, verdict.message);
      }
      const result = runSignAction(secrets, req.role, req.request);
      if (result.ok) policy.completed(req.swapId, req.role, action, digest);
      log({ component: 'signer', level: result.ok ? 'info' : 'warn', event: result.ok ? 'signed' : 'sign-failed', swapId: req.swapId, detail: action });
      return result;
    }),
    'xmr-funding-keys': withSeed(xmrFundingKeysAnswer(masterOf, log)),
    'backup-seal': withSeed(backup.seal),
    'backup-open': (req) => (req.words === undefined ? openStored(req) : backup.openWithWords({ file: req.file, words: req.words })),
    'nostr-public-key': withSeed(nostr.publicKey),
    'nostr-sign': withSeed(nostr.sign),
    'seed-words': withSeed(seed.words),
    'seed-restore': (req) => seed.restore(req),
  };
}

export function createSignerCore(opts: SignerCoreOptions): SignerCore {
  const log = opts.log ?? (() => {});
  const ensureSeed = seedLoader(opts, log);
  const handlers = requestHandlers(opts.keychain, ensureSeed, log);
  const answer = async (body: unknown): Promise<Answer> => {
    const unknown = unknownKind(body);
    if (unknown) return fail('unknown-request', unknown);
    const parsed = SignerRequestSchema.safeParse(body);
    if (!parsed.success) return fail('bad-request', issues(parsed.error));
    const handler = handlers[parsed.data.kind] as (req: SignerRequest) => Answer | Promise<Answer>;
    return handler(parsed.data);
  };
  return {
    async init() {
      const s = await ensureSeed();
      return s.ok ? done({ seedFingerprint: s.loaded.fingerprint, seedCreated: s.loaded.created }) : s.answer;
    },
    async handle(raw) {
      const env = RequestEnvelopeSchema.safeParse(raw);
      if (!env.success) {
        const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : null;
        return { id: Number.isInteger(id) && (id ?? -1) >= 0 ? id : null, result: fail('bad-request', `bad envelope: ${issues(env.error)}`) };
      }
      return { id: env.data.id, result: await answer(env.data.body) };
    },
  };
}
