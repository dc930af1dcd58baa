// The signer's request handler: parses every request, loads the seed once, derives per-swap keys and
// answers datum requests under the sign policy. Guards: no BTC private key, spend share or seed is
// ever part of a response or a log line; a malformed or unknown request changes nothing.
import { fromHex, toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { adaptorDecrypt, adaptorEncrypt, adaptorRecover, adaptorVerify, ecdsaSign, ecdsaVerify } from '../../shared/crypto/ecdsa-adaptor';
import { addSecrets, publicKeyOf } from '../../shared/crypto/monero-keys';
import { adaptorSecretToMonero } from '../../shared/crypto/swap-key-derivation';
import type { Keychain } from '../keychain/keychain-port';
import { deriveSwapSecrets, masterSeedFromEntropy, proveSpendShare, publicKeysOf, type SwapRole, type SwapSecrets } from './key-source';
import { loadOrCreateSeed, type LoadedSeed } from './seed-store';
import { ACTION_KEY, RECOVER_FROM_KEY, SignPolicy } from './signer-policy';
import {
  RequestEnvelopeSchema,
  SIGN_ACTIONS,
  SIGNER_REQUEST_KINDS,
  SignerRequestSchema,
  type ResponseEnvelope,
  type SignerErrorKind,
  type SignerLogLine,
  type SignRequest,
} from './signer-protocol';

type Answer = ResponseEnvelope['result'];
const fail = (kind: SignerErrorKind, message: string): Answer => ({ ok: false, error: { kind, message } });
const done = (value: unknown): Answer => ({ ok: true, value });

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

export function createSignerCore(opts: SignerCoreOptions): SignerCore {
  const log = opts.log ?? (() => {});
  const policy = new SignPolicy();
  const secretsCache = new Map<string, SwapSecrets>();
  let master: { fingerprint: string; seed: Uint8Array } | undefined;
  let seed: Promise<Answer & { loaded?: LoadedSeed }> | undefined;

  const ensureSeed = async (): Promise<{ ok: true; loaded: LoadedSeed } | { ok: false; answer: Answer }> => {
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

  const secretsFor = (loaded: LoadedSeed, swapId: SwapId, role: SwapRole): SwapSecrets => {
    // The BIP39 stretch runs once per loaded seed, not per request.
    if (master?.fingerprint !== loaded.fingerprint) master = { fingerprint: loaded.fingerprint, seed: masterSeedFromEntropy(loaded.seed) };
    const k = `${swapId}:${role}`;
    let s = secretsCache.get(k);
    if (!s) secretsCache.set(k, (s = deriveSwapSecrets(master.seed, swapId, role)));
    return s;
  };

  const runSign = (secrets: SwapSecrets, role: SwapRole, req: SignRequest): Answer => {
    const digest = fromHex(req.digest);
    switch (req.action) {
      case 'sign-cancel':
      case 'sign-refund':
      case 'sign-punish':
      case 'sign-buy':
      case 'sign-lock':
      case 'sign-funding-sweep': {
        const sk = secrets.btc[ACTION_KEY[req.action]!];
        if (!sk) return fail('wrong-role', `${role} holds no key for ${req.action}`);
        return done({ signature: toHex(ecdsaSign(sk, digest)) });
      }
      case 'adaptor-sign-refund':
      case 'adaptor-sign-buy': {
        const sk = secrets.btc[ACTION_KEY[req.action]!];
        if (!sk) return fail('wrong-role', `${role} holds no key for ${req.action}`);
        const a = adaptorEncrypt(sk, fromHex(req.peerAdaptor), digest);
        return a.ok ? done({ adaptorSig: toHex(a.value) }) : fail('bad-signature', `peer adaptor point refused: ${a.error.message}`);
      }
      case 'decrypt-refund':
      case 'decrypt-buy': {
        // The peer's signature must be encrypted to OUR adaptor point, for this digest, under its key.
        const mine = publicKeysOf(secrets).adaptor;
        const v = adaptorVerify(fromHex(req.peerKey), mine, digest, fromHex(req.adaptorSig));
        if (!v.ok) return fail('bad-signature', `peer key refused: ${v.error.message}`);
        if (!v.value) return fail('bad-signature', 'the adaptor signature does not verify for this key, digest and our adaptor point');
        const sig = adaptorDecrypt(fromHex(req.adaptorSig), secrets.adaptorSecret);
        if (!sig.ok || !ecdsaVerify(sig.value, digest, fromHex(req.peerKey))) return fail('bad-signature', 'decryption did not give a valid signature');
        return done({ signature: toHex(sig.value) });
      }
      case 'recover-sweep-key': {
        const ourKey = secrets.btcPublic[RECOVER_FROM_KEY[role]]!;
        const peerT = fromHex(req.peerAdaptor);
        const mineValid = adaptorVerify(ourKey, peerT, digest, fromHex(req.adaptorSig));
        if (!mineValid.ok || !mineValid.value) return fail('bad-signature', 'not our adaptor signature on this digest to this adaptor point');
        const y = adaptorRecover(peerT, fromHex(req.adaptorSig), fromHex(req.signature));
        if (!y.ok) return fail('bad-signature', `no share recovered: ${y.error.message}`);
        const share = adaptorSecretToMonero(y.value);
        const sharePub = share.ok ? publicKeyOf(share.value) : share;
        // The DLEQ proof tied T to K_s; checking it again here means a wrong share never reaches a sweep.
        if (!share.ok || !sharePub.ok || toHex(sharePub.value) !== req.peerSpendPublic) {
          return fail('bad-signature', "the recovered share does not match the peer's Monero spend key");
        }
        const joint = addSecrets(secrets.xmrSpend, share.value);
        if (!joint.ok) return fail('bad-signature', `joint spend key: ${joint.error.message}`);
        return done({ xmrSpendKey: toHex(joint.value) });
      }
      case 'hold-peer-cancel':
        return ecdsaVerify(fromHex(req.signature), digest, fromHex(req.peerKey))
          ? done({ held: true })
          : fail('bad-signature', "the peer's cancel signature does not verify");
    }
  };

  const answer = async (body: unknown): Promise<Answer> => {
    const unknown = unknownKind(body);
    if (unknown) return fail('unknown-request', unknown);
    const parsed = SignerRequestSchema.safeParse(body);
    if (!parsed.success) return fail('bad-request', issues(parsed.error));
    const req = parsed.data;
    if (req.kind === 'approve') {
      const v = policy.approve(req.swapId, req.role, req.action, req.digest);
      if (!v.ok) return fail(v.kind, v.message);
      log({ component: 'signer', level: 'info', event: 'approved', swapId: req.swapId, detail: req.action });
      return done({ approved: true });
    }
    const s = await ensureSeed();
    if (!s.ok) return s.answer;
    if (req.kind === 'status') return done({ seedFingerprint: s.loaded.fingerprint, seedCreated: s.loaded.created });
    const secrets = secretsFor(s.loaded, req.swapId, req.role);
    if (req.kind === 'public-keys') {
      const p = publicKeysOf(secrets);
      const btc = Object.fromEntries(Object.entries(p.btc).map(([k, v]) => [k, toHex(v)]));
      return done({ swapId: req.swapId, role: req.role, btc, adaptor: toHex(p.adaptor), xmrSpendPublic: toHex(p.xmrSpendPublic), xmrViewPrivate: toHex(p.xmrViewPrivate) });
    }
    if (req.kind === 'dleq-proof') {
      const proof = proveSpendShare(secrets);
      if (!proof.ok) throw new Error(`bug: DLEQ proof of an own share failed: ${proof.error.message}`);
      log({ component: 'signer', level: 'info', event: 'dleq-proved', swapId: req.swapId });
      return done({ proof: toHex(proof.value.proof), adaptor: toHex(secrets.adaptorPublic), xmrSpendPublic: toHex(secrets.xmrSpendPublic) });
    }
    const { action, digest } = req.request;
    const verdict = policy.check(req.swapId, req.role, action, digest);
    if (!verdict.ok) {
      log({ component: 'signer', level: 'warn', event: 'refused', swapId: req.swapId, detail: `${action}: ${verdict.kind}` });
      return fail(verdict.kind, verdict.message);
    }
    const result = runSign(secrets, req.role, req.request);
    if (result.ok) policy.completed(req.swapId, req.role, action, digest);
    log({ component: 'signer', level: result.ok ? 'info' : 'warn', event: result.ok ? 'signed' : 'sign-failed', swapId: req.swapId, detail: action });
    return result;
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
