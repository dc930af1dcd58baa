// Envelope validation: each frame type's shape, strict keys, per-type seq rules and the caller's
// body schema; anything else is a bad-frame error, never a partial value.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeEnvelope, envelopeSchema } from './link-envelope';

const Body = z.strictObject({ kind: z.literal('note'), text: z.string().max(100) });
const schema = envelopeSchema(Body);
const swapId = 'aa'.repeat(16);
const dec = (v: unknown) => decodeEnvelope(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), schema);
const kindOf = (v: unknown) => {
  const r = dec(v);
  return r.ok ? `ok:${r.value.type}` : r.error.kind;
};

describe('link envelope', () => {
  it('accepts each valid frame type', () => {
    expect(kindOf({ type: 'hello', swapId, seq: 0, ack: 3, body: { version: 1, firstUnacked: 1 } })).toBe('ok:hello');
    expect(kindOf({ type: 'msg', swapId, seq: 1, ack: 0, body: { kind: 'note', text: 'hi' } })).toBe('ok:msg');
    expect(kindOf({ type: 'ack', swapId, seq: 0, ack: 7, body: null })).toBe('ok:ack');
    expect(kindOf({ type: 'ping', swapId, seq: 0, ack: 0, body: { nonce: 5 } })).toBe('ok:ping');
    expect(kindOf({ type: 'reject', swapId, seq: 0, ack: 0, body: { reason: 'unknown-swap', message: 'no' } })).toBe('ok:reject');
  });

  it.each([
    ['msg with seq 0', { type: 'msg', swapId, seq: 0, ack: 0, body: { kind: 'note', text: 'x' } }],
    ['control with seq 1', { type: 'ack', swapId, seq: 1, ack: 0, body: null }],
    ['negative ack', { type: 'ack', swapId, seq: 0, ack: -1, body: null }],
    ['fractional seq', { type: 'msg', swapId, seq: 1.5, ack: 0, body: { kind: 'note', text: 'x' } }],
    ['body failing the caller schema', { type: 'msg', swapId, seq: 1, ack: 0, body: { kind: 'note', text: 5 } }],
    ['unknown body key', { type: 'msg', swapId, seq: 1, ack: 0, body: { kind: 'note', text: 'x', extra: 1 } }],
    ['unknown envelope key', { type: 'ack', swapId, seq: 0, ack: 0, body: null, more: true }],
    ['unknown type', { type: 'data', swapId, seq: 1, ack: 0, body: null }],
    ['bad swap id', { type: 'ack', swapId: 'zz', seq: 0, ack: 0, body: null }],
    ['not JSON', '{"type":'],
    ['JSON array', '[1,2]'],
  ])('%s -> bad-frame', (_n, v) => {
    expect(kindOf(v)).toBe('bad-frame');
  });

  it('invalid UTF-8 is a bad frame', () => {
    const r = decodeEnvelope(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), schema);
    expect(!r.ok && r.error.kind).toBe('bad-frame');
  });
});
