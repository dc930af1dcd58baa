// `npm run sandbox`: real regtest nodes (litecoind + monerod), a maker daemon (Alice, sells XMR) that
// makes a fresh signed offer on request, funded wallets, and a block on each chain every --block-ms.
// Prints one offer and the endpoints, writes `<dir>/sandbox.json` for the wallet host, and runs until
// Ctrl-C (or its parent goes away), then stops every process cleanly.
// With --dir the sandbox is kept there: the next start on the same dir resumes its chains, wallets and
// maker (unfinished swaps finish). Without it a temp dir is used and deleted at exit.
// Flags: --dir DIR (default: a temp dir), --block-ms N (default 1000), --offers N (printed offers; default
// 1, or 0 when started by a wallet host).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const say = (l: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`);
// Started by a wallet host, stdout and stderr are pipes to it: after the host is killed, a write fails with
// EPIPE, and unhandled that would end this process before it stopped its nodes cleanly.
for (const out of [process.stdout, process.stderr]) out.on('error', () => undefined);
const tempDir = flag('dir') ? null : mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-'));
const dir = path.resolve(flag('dir') ?? tempDir!);
let sandbox: Sandbox | null = null;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping the sandbox');
  const t0 = performance.now();
  await sandbox?.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  say(`stopped in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// A closed terminal: stop cleanly too (the nodes' own hook would kill them -9).
process.on('SIGHUP', () => void shutdown(0));
// Started by the wallet host: never outlive it.
process.on('disconnect', () => void shutdown(0));

try {
  const t0 = performance.now();
  sandbox = await startSandbox({
    dir,
    blockMs: Number(flag('block-ms') ?? process.env['SANDBOX_BLOCK_MS'] ?? 1000),
    say,
    // Started by a wallet host: the sandbox it replaces may still be stopping its nodes on this dir.
    lockWaitMs: process.send ? 60_000 : 0,
  });
  const { info } = sandbox;
  say(`${sandbox.resumed ? 'resumed' : 'started'} in ${((performance.now() - t0) / 1000).toFixed(1)} s; maker listens on 127.0.0.1:${sandbox.maker.port}`);
  say(`bitcoin (litecoind regtest) RPC: ${info.btc.rpcUrl} user ${info.btc.rpcUser}`);
  say(`monerod regtest RPC: ${info.xmr.daemonUrl}`);
  say(`nostr relay (the maker's standing offers, both sides): ${info.nostrRelay ?? 'none'}`);
  say(`your sandbox wallets: BTC ${info.addresses.btc}  XMR ${info.addresses.xmr}`);
  say(`wallet host: npm start -- --sandbox-file ${path.join(dir, 'sandbox.json')}`);
  // A wallet host asks for offers over the control server: one printed to its log would only be one more
  // untaken maker swap that every later start resumes.
  for (let i = 0; i < Number(flag('offers') ?? (process.send ? 0 : 1)); i++) {
    const offer = await sandbox.newOffer();
    if (!offer.ok) throw new Error(offer.error.message);
    console.log(`\nOFFER ${offer.value}\n`);
  }
  process.send?.({ ready: path.join(dir, 'sandbox.json') });
} catch (e) {
  console.error(`sandbox failed: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
}
