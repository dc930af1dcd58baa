// The publisher's port to the signer's Nostr key: its public key, and a signed event for a template.
// Over the signer process in the app (SignerClient.request) or the same signer core in-process (tests,
// the sandbox maker). Guards: the key never leaves the signer; the signer computes the id and signs
// only offer events and their deletions; every answer is checked against its schema (decodeAnswer).
import type { NostrEventTemplate, SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { type AppError, type Result, ok } from '../../shared/result';
import { decodeAnswer } from '../signer/signer-client';
import type { SignerCore } from '../signer/signer-core';
import type { SignerRequest, SignerRequestKind, SignerValue } from '../signer/signer-protocol';

export interface NostrEventSigner {
  publicKey(): Promise<Result<string, AppError>>;
  sign(t: NostrEventTemplate): Promise<Result<SignedNostrEvent, AppError>>;
}

type Request = <K extends SignerRequestKind>(body: Extract<SignerRequest, { kind: K }>) => Promise<Result<SignerValue<K>, AppError>>;

/** A Nostr signer over any signer request function (the process client's `request`). */
export function nostrSignerOver(request: Request): NostrEventSigner {
  return {
    async publicKey() {
      const r = await request({ kind: 'nostr-public-key' });
      return r.ok ? ok(r.value.pubkey) : r;
    },
    async sign(t) {
      const event = { kind: t.kind, created_at: t.created_at, tags: t.tags.map((x) => [...x]), content: t.content };
      const r = await request({ kind: 'nostr-sign', event });
      return r.ok ? ok({ ...event, ...r.value }) : r;
    },
  };
}

/** The same signer core in this process (tests, demo, the sandbox maker). */
export function inProcessNostrSigner(core: SignerCore): NostrEventSigner {
  let id = 0;
  return nostrSignerOver(async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result));
}
