// What the local relay accepts from a client before @nostr-relay/core sees it (core expects parsed,
// validated messages): EVENT, REQ and CLOSE of NIP-01, bounded. Guards: anything else, or anything too
// large or deep, is answered with a NOTICE and never reaches the store.
import { z } from 'zod';
import type { IncomingMessage } from '@nostr-relay/common';

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const SubId = z.string().min(1).max(64);
const EventSchema = z.strictObject({
  id: hex(64),
  pubkey: hex(64),
  created_at: z.number().int().min(0).max(0xffffffff),
  kind: z.number().int().min(0).max(65535),
  tags: z.array(z.array(z.string().max(1024)).max(16)).max(200),
  content: z.string().max(32 * 1024),
  sig: hex(128),
});
const TagFilterKey = /^#[A-Za-z]$/;
const FilterSchema = z
  .object({
    ids: z.array(hex(64)).max(500).optional(),
    authors: z.array(hex(64)).max(500).optional(),
    kinds: z.array(z.number().int().min(0).max(65535)).max(50).optional(),
    since: z.number().int().min(0).optional(),
    until: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(100_000).optional(),
  })
  .catchall(z.array(z.string().max(256)).max(100))
  .refine((f) => Object.keys(f).every((k) => ['ids', 'authors', 'kinds', 'since', 'until', 'limit'].includes(k) || TagFilterKey.test(k)), 'unknown filter field');

const MessageSchema = z.union([
  z.tuple([z.literal('EVENT'), EventSchema]),
  z.tuple([z.literal('REQ'), SubId], FilterSchema),
  z.tuple([z.literal('CLOSE'), SubId]),
]);

/** A raw WebSocket frame -> a message core may handle, or why not. */
export function parseRelayMessage(data: string): { ok: true; message: IncomingMessage } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, why: 'invalid: not JSON' };
  }
  const m = MessageSchema.safeParse(json);
  if (!m.success) return { ok: false, why: `invalid: ${m.error.issues[0]?.path.join('.') ?? ''} ${m.error.issues[0]?.message ?? ''}`.slice(0, 200) };
  if (m.data[0] === 'REQ' && m.data.length > 12) return { ok: false, why: 'invalid: at most 10 filters' };
  return { ok: true, message: m.data as unknown as IncomingMessage };
}
