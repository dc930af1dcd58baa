// Property: under any schedule of sends from both sides, connections cut at any byte (mid-frame
// included) and reconnects, with handlers that take their time, each side ends up with exactly
// the other's messages 1..n, in order, each delivered once, and both outboxes empty.
import { Duplex } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { FrameDecoder } from './link-frame-codec';
import { decodeEnvelope, envelopeSchema } from './link-envelope';
import { PeerLink } from './peer-link';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 15);
console.log(`peer-link.property fast-check seed=${SEED} runs=${RUNS}`);

const Body = z.strictObject({ n: z.number().int(), pad: z.string() });
type Body = z.infer<typeof Body>;
const swapId = 'cd'.repeat(16) as SwapId;

/** An asynchronous in-memory pair that can be cut after a number of bytes (A->B direction). */
function cuttablePair(cutAfter: number | undefined): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  let passed = 0;
  const make = (idx: 0 | 1) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        const other = sides[1 - idx]!;
        let data = chunk;
        let cut = false;
        if (idx === 0 && cutAfter !== undefined) {
          if (passed + chunk.length >= cutAfter) {
            data = chunk.subarray(0, Math.max(0, cutAfter - passed));
            cut = true;
          }
          passed += data.length;
        }
        setImmediate(() => {
          if (!other.destroyed && data.length > 0) other.push(data);
          if (cut) {
            sides[0]!.destroy();
            sides[1]!.destroy();
          }
        });
        cb();
      },
      destroy(e, cb) {
        const other = sides[1 - idx]!;
        setImmediate(() => other.destroy());
        cb(e);
      },
    });
  sides.push(make(0), make(1));
  return [sides[0]!, sides[1]!];
}

async function respond(link: PeerLink<Body>, socket: Duplex): Promise<void> {
  const decoder = new FrameDecoder(4096);
  const frames = await new Promise<Buffer[] | undefined>((resolve) => {
    const onData = (c: Buffer) => {
      const r = decoder.push(c);
      if (!r.ok) return resolve(undefined);
      if (r.value.length > 0) {
        socket.removeListener('data', onData);
        resolve(r.value);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => resolve(undefined));
  });
  if (frames === undefined) return;
  const hello = decodeEnvelope(frames[0]!, envelopeSchema(z.unknown()));
  if (!hello.ok || hello.value.type !== 'hello') return;
  void link.attachResponder(socket, 'tk', decoder, hello.value, frames.slice(1));
}

type Cmd = { t: 'send'; side: 0 | 1; size: number } | { t: 'reconnect'; cutAfter: number | undefined } | { t: 'pause'; ms: number };
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('send' as const), side: fc.constantFrom(0 as const, 1 as const), size: fc.integer({ min: 0, max: 6000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reconnect' as const), cutAfter: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 5 }) }) },
);

const until = async (cond: () => boolean, ms: number) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
};

describe('peer link property', () => {
  it('exactly-once, in-order delivery both ways under any schedule of cuts and reconnects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 25 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), async (cmds, delays) => {
        const timing = { helloTimeoutMs: 1000, idleTimeoutMs: 5000, pingIntervalMs: 1000 };
        const t = new PeerLink<Body>({ swapId, bodySchema: Body, timing, peerKey: 'mk' });
        const m = new PeerLink<Body>({ swapId, bodySchema: Body, timing });
        const got: [number[], number[]] = [[], []];
        let k = 0;
        const handler = (side: 0 | 1) => async (msg: { seq: number; body: Body }) => {
          got[side].push(msg.body.n);
          const d = delays[k++ % delays.length] ?? 0;
          if (d > 0) await new Promise((r) => setTimeout(r, d));
        };
        t.onMessage(handler(0));
        m.onMessage(handler(1));
        const sent: [number, number] = [0, 0];
        const connect = (cutAfter: number | undefined) => {
          const [a, b] = cuttablePair(cutAfter);
          void t.attachInitiator(a, 'mk');
          void respond(m, b);
        };
        try {
          connect(undefined);
          for (const c of cmds) {
            if (c.t === 'send') {
              const link = c.side === 0 ? t : m;
              const r = link.send({ n: ++sent[c.side], pad: 'x'.repeat(c.size) });
              expect(r.ok && r.value).toBe(sent[c.side]);
            } else if (c.t === 'reconnect') connect(c.cutAfter);
            else await new Promise((r) => setTimeout(r, c.ms));
          }
          connect(undefined);
          const done = await until(() => t.unackedCount === 0 && m.unackedCount === 0 && got[1].length >= sent[0] && got[0].length >= sent[1], 5000);
          await new Promise((r) => setTimeout(r, 10));
          expect(done).toBe(true);
          expect(got[1]).toEqual(Array.from({ length: sent[0] }, (_, i) => i + 1));
          expect(got[0]).toEqual(Array.from({ length: sent[1] }, (_, i) => i + 1));
        } finally {
          t.close();
          m.close();
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
