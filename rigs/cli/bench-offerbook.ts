// `npm run -s bench:offerbook [-- --json]` (issue 21): 1,000 standing offers published to a real local
// relay (relay-main as its own process). fillMs: a taker's book in this process subscribes to the whole
// book; the time from subscribing (pool + book started) to all 1,000 listed in the book's store. Then
// the cost of each check of one offer event (noble against node:crypto for ed25519, noble against
// nostr-wasm for Schnorr), measured in the same run so the ratios hold on a loaded machine. renderMs:
// a browser host (its wallet's book on the same relay) and the real Offers screen in Debian Chromium,
// from the whole book in the host's store to the screen showing it (rigs/bench/offerbook-render.ts);
// shown is what that screen says it shows. If the render half fails, renderMs is null, the reason is
// printed and the exit code is 1: no number stands in for it. The last line with --json is
// {"offers":1000,"shown":n,"fillMs":n,"renderMs":n}.
import { initNostrWasm } from 'nostr-wasm';
import { finalizeEvent, setNostrWasm } from 'nostr-tools/wasm';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { orderTemplate } from '../../shared/offer/nostr-order';
import { startOfferBook } from '../../electron/nostr/offer-book';
import { startRelayPool } from '../../electron/nostr/relay-pool';
import { startRelayProcess } from '../../electron/nostr/relay-process';
import { nowSec, signedOffer, standingTerms, testMaker } from '../nostr/order-fixtures';
import { measureVerifyCosts } from '../bench/offerbook-verify-bench';
import { measureRender, type RenderFigures } from '../bench/offerbook-render';
import { verifyEvent as wasmVerifyEvent } from 'nostr-tools/wasm';

const OFFERS = 1000;
const json = process.argv.includes('--json');
const say = (l: string) => (json ? process.stderr.write(`${l}\n`) : console.log(l));

/** 1,000 offers of 10 makers, signed (the Nostr events with nostr-wasm: only the publishing is not timed). */
function events(): SignedNostrEvent[] {
  setNostrWasm(wasm);
  const makers = Array.from({ length: 10 }, (_, i) => testMaker(40 + i));
  const now = nowSec();
  return Array.from({ length: OFFERS }, (_, i) => {
    const m = makers[i % makers.length]!;
    const terms = standingTerms(m, { now, capacity: 1 + (i % 5) });
    const t = orderTemplate(signedOffer(m, terms, now), terms, { status: 'pending', remaining: 1 + (i % 5) }, m.binding, now);
    return finalizeEvent({ ...t, tags: t.tags.map((x) => [...x]) }, m.nostrSecret) as SignedNostrEvent;
  });
}

async function publishAll(url: string, all: object[]): Promise<void> {
  const ws = new WebSocket(url);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let oks = 0;
  const done = new Promise<void>((resolve, reject) =>
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as [string, string, boolean, string];
      if (m[0] === 'OK' && !m[2]) reject(new Error(`relay refused an offer: ${m[3]}`));
      if (m[0] === 'OK' && ++oks === all.length) resolve();
    }),
  );
  for (const e of all) ws.send(JSON.stringify(['EVENT', e]));
  await done;
  ws.close();
}

const wasm = await initNostrWasm();
const relay = await startRelayProcess();
if (!relay.ok) throw new Error(relay.error.message);
try {
  const all = events();
  await publishAll(relay.value.url, all);
  say(`published ${all.length} offers to ${relay.value.url}`);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pool = startRelayPool({ relays: [relay.value.url] });
  const book = startOfferBook({ pool });
  const fillMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${book.list().length} of ${OFFERS} listed after 120 s`)), 120_000);
    book.onUpdate((entries) => {
      if (entries.length < OFFERS) return;
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  const shown = book.list().length;
  // CPU time: what the fill cost this process, apart from the time other processes held the cores.
  say(`filled the book: ${shown} offers in ${fillMs.toFixed(0)} ms, of which this process ran ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms on a core (${os.loadavg()[0]!.toFixed(1)} load on ${os.cpus().length} cores)`);
  say(`event loop during the fill: longest stall ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`);
  book.close();
  pool.close();
  const c = measureVerifyCosts(all, (e) => wasmVerifyEvent({ ...e, tags: e.tags.map((x) => [...x]) }));
  const us = (n: number) => `${n.toFixed(0)} µs`;
  say(`per check, same run: ed25519 noble ${us(c.ed25519NobleUs)} vs node:crypto ${us(c.ed25519NodeUs)} (${(c.ed25519NobleUs / c.ed25519NodeUs).toFixed(1)}x); ` +
    `Schnorr noble ${us(c.schnorrNobleUs)} vs nostr-wasm ${us(c.schnorrWasmUs)} (${(c.schnorrNobleUs / c.schnorrWasmUs).toFixed(1)}x); ` +
    `readOrderEvent of a new offer: all-noble ${us(c.readNobleUs)} vs the book's ${us(c.readFastUs)} (${(c.readNobleUs / c.readFastUs).toFixed(1)}x)`);
  let render: RenderFigures | null = null;
  const ms = (n: number | null) => (n === null ? '?' : `${n.toFixed(0)} ms`);
  try {
    render = await measureRender(relay.value.url, OFFERS, say);
    say(`the browser host's book held all ${OFFERS} offers ${render.hostFillMs.toFixed(0)} ms after its start (its own start included)`);
    say(`Offers screen in Chromium: ${render.shown} offers shown (${render.rowsDrawn} rows drawn, the rest behind "Show more") ${render.renderMs.toFixed(0)} ms after the route opened; ` +
      `book:list asked at ${ms(render.askedMs)} and answered at ${ms(render.answeredMs)} of those; ` +
      `all ${render.allRows} rows drawn by pressing "Show more" ${render.allRowsMs.toFixed(0)} ms later; a fresh tab straight on #/offers: ${render.coldMs.toFixed(0)} ms from navigation`);
  } catch (e) {
    say(`renderMs not measured: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
  if (json) console.log(JSON.stringify({ offers: OFFERS, shown: render?.shown ?? shown, fillMs: Math.round(fillMs), renderMs: render ? Math.round(render.renderMs) : null }));
} finally {
  await relay.value.stop();
}
