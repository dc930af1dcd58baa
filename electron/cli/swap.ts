// `npm run -s swap -- status|export-support|export-recovery <swap-id> [--data-dir D] [--out FILE|-] [--json]`:
// a person or an operator reads one swap of a wallet's data dir while the wallet is NOT running (the
// store's writer lock is checked first and a live wallet is refused with its pid: use the swap page
// there). `status` with no swap id lists the swaps. The exports are the swap page's (electron/app/
// swap-exports.ts): for support (redacted) and for the person (signed transactions, Monero keys once owned).
// Exit codes: 0 done; 2 usage, or the data dir is in use; 3 no such swap; 1 anything else.
// Broadcasting a recovery transaction is not a command yet: the export says when each is valid, and the
// person's own node broadcasts it (`sendrawtransaction`).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { swapView } from '../../shared/protocol/swap-view';
import type { SwapId } from '../../shared/ids';
import type { SwapView } from '../../shared/ipc/channels';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { readSwapLogLines, readSwapTranscript, recoveryFile, supportFile, withOfflineStore, type ExportFile } from '../app/swap-exports';
import { defaultDataDir } from '../host/data-dir';
import { APP_VERSION } from '../host/version';

const USAGE = [
  'usage: npm run -s swap -- status [<swap-id>] [--json] [--data-dir D]',
  '       npm run -s swap -- export-support <swap-id> [--out FILE|-] [--data-dir D]',
  '       npm run -s swap -- export-recovery <swap-id> [--out FILE|-] [--data-dir D]',
  'Reads the data directory (default: FCSWAP_DATA_DIR or the platform folder) while the wallet is not running.',
].join('\n');

const COMMANDS = ['status', 'export-support', 'export-recovery'] as const;
type Command = (typeof COMMANDS)[number];

function fail(e: AppError): number {
  process.stderr.write(`swap: ${e.message}\n`);
  return e.kind === 'store-locked' ? 2 : e.kind === 'swap-unknown' || e.kind === 'swap-never-started' ? 3 : 1;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [cmd, swapId, ...rest] = positionals;
  if (values.help || !COMMANDS.includes(cmd as Command) || rest.length > 0 || (cmd !== 'status' && !swapId)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  if (cmd === 'status') return status(dataDir, swapId, values.json === true);
  const r = await withOfflineStore(dataDir, async (store): Promise<Result<ExportFile, AppError>> => {
    const t = await readSwapTranscript(store, swapId!);
    if (!t.ok) return t;
    return ok(cmd === 'export-support' ? supportFile(t.value, readSwapLogLines(dataDir, swapId!), APP_VERSION) : recoveryFile(t.value));
  });
  if (!r.ok) return fail(r.error);
  if (values.out === '-') {
    process.stdout.write(r.value.json);
    return 0;
  }
  const file = path.resolve(values.out ?? r.value.fileName);
  writeFileSync(file, r.value.json, { mode: cmd === 'export-recovery' ? 0o600 : 0o644 });
  process.stdout.write(`${file}\n`);
  if (cmd === 'export-recovery') process.stderr.write('swap: this file holds signed transactions and, once you own the XMR, a private key: keep it to yourself.\n');
  return 0;
}

type StatusOut = { readonly list: readonly { swapId: string; role: string | null; outcome: string | null; damaged: string | null }[] } | { readonly view: SwapView };

/** One swap's state as the swap page shows it (folded from its transcript), or the list of swaps. */
async function status(dataDir: string, swapId: string | undefined, json: boolean): Promise<number> {
  const r = await withOfflineStore(dataDir, async (store): Promise<Result<StatusOut, AppError>> => {
    if (!swapId) {
      const l = await store.listSwaps();
      return l.ok ? ok({ list: l.value.map((s) => ({ swapId: s.swapId, role: s.role, outcome: s.outcome, damaged: s.damaged })) }) : l;
    }
    if (!/^[0-9a-f]{32}$/.test(swapId)) return err(appError('swap-unknown', `"${swapId}" is not a swap id (32 hex digits, as History shows it).`));
    const rec = await store.recover(swapId as SwapId);
    if (!rec.ok) return rec;
    const st = rec.value.state;
    if (st.kind === 'empty') return err(appError('swap-never-started', `Swap ${swapId} never started.`));
    if (st.kind === 'unreplayable') return err(appError('transcript-damaged', `Swap ${swapId} cannot be replayed: ${st.reason}`));
    const created = st.record.genesis.createdAt;
    return ok({ view: swapView({ state: st.record.core, genesisCreatedAt: created, updatedAt: created, live: false }) });
  });
  if (!r.ok) return fail(r.error);
  if (json) {
    process.stdout.write(`${JSON.stringify(r.value)}\n`);
    return 0;
  }
  if ('list' in r.value) {
    for (const s of r.value.list) process.stdout.write(`${s.swapId}  ${s.role ?? '?'}  ${s.damaged ? `damaged: ${s.damaged}` : (s.outcome ?? 'unfinished')}\n`);
    return 0;
  }
  const v = r.value.view;
  process.stdout.write(`swap ${v.summary.swapId} (${v.summary.role}): ${v.summary.outcome ?? 'unfinished'}\n`);
  for (const s of v.steps) process.stdout.write(`  [${s.status}] ${s.title}${s.detail ? ` — ${s.detail}` : ''}\n`);
  for (const d of v.deadlines) process.stdout.write(`  deadline ${d.id}: ${d.blocksLeft === null ? 'not started' : `${d.blocksLeft} blocks left`} (${d.title})\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`swap: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
