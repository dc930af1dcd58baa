// `npm run maker -- --config FILE`: the headless maker (electron/maker/), and
// `npm run -s maker -- status [--json] --config FILE`: what a running maker on that config's data dir
// is doing. Exit codes: 0 a clean stop (SIGTERM/SIGINT) or a running maker's status; 2 a config, secret
// or node the maker refuses (one JSON line naming the field on stdout, the reason on stderr; nothing
// started); 3 `status` and no maker runs; 1 anything else.
import { parseArgs } from 'node:util';
import { loadMakerConfig, type MakerConfig } from '../maker/maker-config';
import { makerLog, type MakerLog } from '../maker/maker-log';
import { readStatus, type MakerStatus } from '../maker/maker-status';

const USAGE = 'usage: npm run maker -- --config FILE\n       npm run -s maker -- status [--json] --config FILE';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help || !values.config || positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'status')) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const { log } = makerLog();
  const refuse = (kind: string, message: string, field?: string): number => {
    log('error', 'maker', 'refused', { kind, ...(field ? { field } : {}), msg: message });
    process.stderr.write(`maker: ${message}\n`);
    return 2;
  };
  const config = loadMakerConfig(values.config);
  if (!config.ok) return refuse(config.error.kind, config.error.message, config.error.field);
  if (positionals[0] === 'status') return status(config.value.data_dir, values.json === true);
  return run(config.value, log, refuse);
}

/** The maker itself; its modules load only here, so `status` answers without loading the daemon. */
async function run(config: MakerConfig, log: MakerLog, refuse: (kind: string, message: string, field?: string) => number): Promise<number> {
  const [{ probeOsKeychain }, { createKeytarKeychain }, { loadMakerSecrets }, { checkMakerNodes }, { startHeadlessMaker }] = await Promise.all([
    import('../keychain/keychain-probe'),
    import('../keychain/keytar-keychain'),
    import('../maker/maker-secrets'),
    import('../maker/maker-nodes'),
    import('../maker/headless-maker'),
  ]);
  const secrets = await loadMakerSecrets(config, {
    keychain: async () => {
      const p = await probeOsKeychain({ env: process.env });
      return p.ok ? { kc: createKeytarKeychain(), where: `the OS keychain (${p.name})` } : { kc: null, why: p.reason };
    },
  });
  if (!secrets.ok) return refuse(secrets.error.kind, secrets.error.message, 'secrets');
  log('info', 'maker', 'secrets', { msg: `secrets from ${secrets.value.source}` });
  const nodes = await checkMakerNodes(config, secrets.value);
  if (!nodes.ok) return refuse(nodes.error.kind, nodes.error.message, nodes.error.field);

  const maker = await startHeadlessMaker({ config, secrets: secrets.value, nodes: nodes.value, log });
  await maker.tick();
  await new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      log('info', 'maker', 'signal', { msg: `${sig}: stopping (no new takes; links and syncers close; unfinished swaps resume at the next start)` });
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await maker.stop();
  return 0;
}

function status(dataDir: string, json: boolean): number {
  const s = readStatus(dataDir);
  if (json) {
    process.stdout.write(`${JSON.stringify(s.kind === 'running' ? { running: true, ...s.status } : { running: false, reason: s.reason, last: s.last })}\n`);
  } else if (s.kind === 'running') {
    process.stdout.write(statusText(s.status));
  } else {
    process.stdout.write(`No maker is running: ${s.reason}.\n`);
  }
  return s.kind === 'running' ? 0 : 3;
}

function statusText(s: MakerStatus): string {
  const lines = [`maker pid ${s.pid} on ${s.network}, listening on ${s.listen.host}:${s.listen.port} (${s.state}; updated ${s.updatedAt})`];
  for (const o of s.offers) lines.push(`  offer ${o.offerId.slice(0, 8)} ${o.side} ${o.minBtcSats}..${o.maxBtcSats} sats: ${o.status}, ${o.remaining} of ${o.capacity} places free, expires ${o.expiresAt}`);
  for (const w of s.swaps) lines.push(`  swap ${w.swapId.slice(0, 8)} ${w.role}: ${w.stage}`);
  if (s.nostr?.relays.length) {
    lines.push(`  nostr key ${s.nostr.pubkey ?? '(not yet)'}`);
    for (const r of s.nostr.relays) lines.push(`  relay ${r.url}: ${r.status}${r.lastError ? ` (${r.lastError})` : ''}`);
  }
  const f = s.finished;
  lines.push(`  finished: ${f.swapped} swapped, ${f.refunded} refunded, ${f.punished} punished, ${f.aborted} aborted`);
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`maker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
