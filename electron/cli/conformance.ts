// `npm run -s conformance`: JSON lines on stdin -> one JSON line each on stdout (docs/conformance.md).
// Invariant: exactly one response line per input line, in order; nothing else on stdout; exit 0 at EOF.
import { createInterface } from 'node:readline';
import { handleConformanceLine } from '../../shared/crypto/conformance-ops';

async function main(): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    const response = handleConformanceLine(line);
    const text = JSON.stringify(response, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (!process.stdout.write(text + '\n')) await new Promise((r) => process.stdout.once('drain', r));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`conformance: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
