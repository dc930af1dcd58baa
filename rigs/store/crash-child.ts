// Child process for the crash tests: appends deterministic steps to several swaps at once and prints
// each acknowledgement, then dies by SIGKILL where the test says. Invariant: "ack" is printed only
// after append resolved durable, so the parent knows exactly which records must survive.
import fs from 'node:fs';
import type { SwapId } from '../../shared/ids';
import { withFaults, type Fault } from './faulty-fs';
import { ledgerPorts, sampleEntry } from './sample-ledger';
import { nodeFs } from '../../electron/store/store-fs';
import { openTranscriptStore } from '../../electron/store/transcript-store';
import { stepSize } from './crash-run-plan';

const say = (line: string) => fs.writeSync(1, `${line}\n`);

async function main() {
  const [dir, mode = 'run', nArg = '0', ...swapArgs] = process.argv.slice(2);
  if (!dir) throw new Error('usage: crash-child DIR MODE N SWAPID...');
  const n = Number(nArg);
  const swaps = swapArgs as SwapId[];
  const faultOp = { 'kill-before-sync': 'fdatasync', 'kill-before-write': 'write' } as const;
  const op = faultOp[mode as keyof typeof faultOp];
  const fsx = op ? withFaults(nodeFs, (o, k): Fault | undefined => (o === op && k === n ? 'kill' : undefined)) : nodeFs;
  const opened = await openTranscriptStore({ dir, ...ledgerPorts, fs: fsx });
  if (!opened.ok) {
    say(`error ${opened.error.kind}`);
    process.exit(2);
  }
  const store = opened.value;
  let acks = 0;
  await Promise.all(
    swaps.map(async (id, s) => {
      const rec = await store.recover(id);
      if (!rec.ok) throw new Error(`${rec.error.kind}: ${rec.error.message}`);
      let seq = rec.value.lastSeq;
      // find the step index that starts at seq
      let k = 0;
      for (let at = 0; at < seq; k++) at += stepSize(k);
      for (;; k++) {
        const step = Array.from({ length: stepSize(k) }, (_, i) => sampleEntry(seq + i, 30 + s));
        const r = await store.append(id, step);
        if (r.status !== 'durable') throw new Error(`append: ${r.error.message}`);
        seq = r.lastSeq;
        say(`ack ${s} ${seq}`);
        if (mode === 'kill-after-ack' && ++acks === n) process.kill(process.pid, 'SIGKILL');
        if (mode === 'count' && seq >= n) return;
      }
    }),
  );
  await store.close();
  say('done');
}

main().catch((e: unknown) => {
  say(`error ${String(e)}`);
  process.exit(1);
});
