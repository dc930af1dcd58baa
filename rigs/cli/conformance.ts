// `npm run -s conformance`: JSON lines on stdin -> one JSON line each on stdout (docs/conformance.md).
// Invariant: exactly one response line per input line, in order; nothing else on stdout; exit 0 at EOF.
// Lines end at '\n' only (a trailing '\r' is dropped): readline would also split at a lone '\r',
// which is legal JSON whitespace, and so answer one request twice.
import { StringDecoder } from 'node:string_decoder';
import { handleConformanceLine } from '../conformance/conformance-ops';

/** Longest request line read; a DLEQ proof is ~130 kB of hex, so 16 MiB leaves room and bounds memory. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text + '\n')) await new Promise((r) => process.stdout.once('drain', r));
}

async function answer(line: string): Promise<void> {
  const response = handleConformanceLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  await write(JSON.stringify(response, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

async function main(): Promise<void> {
  // A reader that went away (EPIPE) leaves nobody to answer: stop quietly rather than crash.
  process.stdout.on('error', () => process.exit(0));
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let skipping = false; // inside an over-long line: drop it up to its newline, then answer once
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      const line = pending + text.slice(0, nl);
      text = text.slice(nl + 1);
      pending = '';
      if (skipping || line.length > MAX_LINE_CHARS) {
        skipping = false;
        await write(JSON.stringify({ id: null, ok: false, error: { code: 'bad-request', message: `line longer than ${MAX_LINE_CHARS} characters` } }));
      } else await answer(line);
    }
    if (!skipping) pending += text;
    if (pending.length > MAX_LINE_CHARS) {
      skipping = true;
      pending = '';
    }
  }
  pending += decoder.end();
  // The last line may lack its newline: it is still a request.
  if (skipping) await write(JSON.stringify({ id: null, ok: false, error: { code: 'bad-request', message: `line longer than ${MAX_LINE_CHARS} characters` } }));
  else if (pending.length > 0) await answer(pending);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`conformance: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
