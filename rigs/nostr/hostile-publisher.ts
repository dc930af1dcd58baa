// A hostile client of a real relay, as its own process (so its signing costs the tests' process
// nothing): `hostile-publisher <relay url> <junk count>`, with HOSTILE_REAL_EVENT = a maker's real order
// event (JSON). It publishes, each signed so the relay accepts it: the maker's offer with a better
// price under the maker's old signature (forged), an attacker's own offer with a tag that lies, the
// maker's real offer and tags under the attacker's Nostr key (unbound; once `pending`, once `canceled`),
// an event over the book's size cap, one over the socket's message cap, then `count` junk kind-38383
// events (random content, half without our platform tag). It waits for the relay's OK of every one and
// sends {sent} to its parent.
import { initNostrWasm } from 'nostr-wasm';
import { finalizeEvent, setNostrWasm } from 'nostr-tools/wasm';
import WebSocket from 'ws';
import { bech32m } from '@scure/base';
import { signNostrEvent, type NostrEventTemplate, type SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { encodeTerms } from '../../shared/offer/offer-codec';
import { OFFER_PREFIX, parseOffer, unpackOffer } from '../../shared/offer/offer';
import { orderTemplate, type OrderState } from '../../shared/offer/nostr-order';
import { nowSec, signedOffer, standingTerms, testMaker } from './order-fixtures';

const [url, countArg] = process.argv.slice(2);
const real = JSON.parse(process.env.HOSTILE_REAL_EVENT ?? '{}') as SignedNostrEvent;
const attacker = testMaker(12);
const pending: OrderState = { status: 'pending', remaining: 3 };

/** n tags of 1000 characters (a relay refuses longer tag values). */
const padding = (n: number, c: string): string[][] => Array.from({ length: n }, () => ['x', c.repeat(1000)]);

function specials(): SignedNostrEvent[] {
  const now = nowSec();
  const makerTerms = parseOffer(real.content, { nowSec: now });
  if (!makerTerms.ok) throw new Error(makerTerms.error.message);
  const binding = real.tags.find((t) => t[0] === 'fcswap-maker')![2]!;
  // Forged: a better price under the maker's key and the maker's signature of the old terms.
  const forgedTerms = { ...makerTerms.value, xmrPiconero: (BigInt(makerTerms.value.xmrPiconero) * 2n).toString() };
  const sig = unpackOffer(real.content);
  if (!sig.ok) throw new Error(sig.error.message);
  const payload = encodeTerms(forgedTerms);
  const forged = bech32m.encode(OFFER_PREFIX, bech32m.toWords(Uint8Array.from([...payload, ...sig.value.signature])), false);
  const own = standingTerms(attacker, { now });
  const lying = orderTemplate(signedOffer(attacker, own, now), own, pending, attacker.binding, now);
  const t = (x: NostrEventTemplate) => signNostrEvent(attacker.nostrSecret, x);
  return [
    t(orderTemplate(forged, forgedTerms, pending, binding, now)),
    t({ ...lying, tags: lying.tags.map((x) => (x[0] === 'amt' ? ['amt', '1'] : [...x])) }),
    t({ ...real, created_at: now + 5 }),
    t(orderTemplate(real.content, makerTerms.value, { status: 'canceled', remaining: 0 }, binding, now + 6)),
    // Same address as the lying one: each must be newer, or the relay keeps one and broadcasts only it.
    t({ ...lying, created_at: now + 1, tags: [...lying.tags, ...padding(5, 'a')] }),
    t({ ...lying, created_at: now + 2, tags: [...lying.tags, ...padding(20, 'b')] }),
  ];
}

function junk(count: number): object[] {
  const sk = new Uint8Array(32).fill(13);
  const now = nowSec();
  return Array.from({ length: count }, (_, i) =>
    finalizeEvent({ kind: 38383, created_at: now, tags: [['d', `junk-${i}`], ...(i % 2 ? [['y', 'farcaster-swap']] : [])], content: `fcswap1${'q'.repeat(i % 97)}junk${i}` }, sk),
  );
}

async function main(): Promise<void> {
  setNostrWasm(await initNostrWasm());
  const events: object[] = [...specials(), ...junk(Number(countArg ?? '10000'))];
  const ws = new WebSocket(url!, { maxPayload: 1 << 20 });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let oks = 0;
  const allOk = new Promise<void>((resolve) =>
    ws.on('message', (d) => {
      // Every EVENT gets an OK (accepted or not) or, if the relay refused to parse it, a NOTICE.
      if (/^\["(OK|NOTICE)"/.test(String(d)) && ++oks === events.length) resolve();
    }),
  );
  for (const e of events) {
    ws.send(JSON.stringify(['EVENT', e]));
    while (ws.bufferedAmount > 1 << 20) await new Promise((r) => setTimeout(r, 5));
  }
  await allOk;
  process.send?.({ sent: events.length });
  ws.close();
  process.disconnect?.();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
