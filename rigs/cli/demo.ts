// `npm run demo [-- --path happy|refund|punish] [--json] [--verbose]`: a whole swap on local regtest
// nodes (sandbox + a taker), printing progress; with --json the LAST line is the contract
// {"outcome","btcSats","xmrPiconero","wallSec"}. Exit code 1 when the swap did not reach its outcome.
import { runDemo, type DemoPath } from '../demo/regtest-demo';

const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('--verbose');
const pi = args.indexOf('--path');
const pathArg = pi >= 0 ? args[pi + 1] : 'happy';
if (pathArg !== 'happy' && pathArg !== 'refund' && pathArg !== 'punish') {
  console.error(`--path must be happy, refund or punish (got ${pathArg})`);
  process.exit(2);
}
const path = pathArg as DemoPath;
const expected = { happy: 'swapped', refund: 'refunded', punish: 'punished' }[path];

try {
  const r = await runDemo({ path, verbose, progress: (l) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`) });
  console.log(`alice: ${r.alice}, bob: ${r.bob}; BTC ${r.btcSats} sats, XMR ${r.xmrPiconero} piconero; ${r.wallSec} s`);
  const good = r.alice === expected && r.bob === expected;
  if (json) console.log(JSON.stringify({ outcome: r.outcome, btcSats: r.btcSats, xmrPiconero: r.xmrPiconero, wallSec: r.wallSec }));
  process.exit(good ? 0 : 1);
} catch (e) {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
