// `npm run demo [-- --path happy|refund|punish] [--maker alice|bob] [--fee-rate <sat/vB>] [--json] [--verbose]`:
// a whole swap on local regtest nodes (a maker + a taker), printing progress; with --json the LAST line
// is the contract {"outcome","btcSats","xmrPiconero","feeRateSatVb","wallSec"}, plus "makerRole":"bob"
// with --maker bob (the maker buys XMR with BTC, the taker sells XMR; every field means the same:
// btcSats is what Alice's payout or Bob's refund address received, xmrPiconero what Bob swept). --fee-rate: the rate the offer
// signs and every swap transaction pays (default: the node's estimate, the regtest floor without one).
// --restore-midway (happy path, Alice the maker): Bob's data dir and keychain entry are deleted once his
// BTC lock is on the node, he is restored from his 24 words and the latest encrypted backup file, and the
// swap must still end swapped; the JSON adds "restored":true.
// --refund-by-hand (refund path, Alice the maker): Bob's daemon stops after his BTC lock and never comes
// back; his recovery file, read from his data dir, gives the cancel and the refund, broadcast through the
// node's RPC; the JSON adds "byHand":{"cancelTxid","refundTxid"}.
// --refund-by-cli: the same stuck swap, but Bob runs `swap cancel` (refused while the timelock is closed,
// then accepted) and `swap refund` on his data dir; the JSON adds "byCli" (the txids, each run's command, exit code and seconds).
// Exit code 1 when the swap did not reach its outcome, 2 on a bad argument.
import { runDemo, type DemoPath, type DemoRole } from '../demo/regtest-demo';

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
const mi = args.indexOf('--maker');
const makerArg = mi >= 0 ? args[mi + 1] : 'alice';
if (makerArg !== 'alice' && makerArg !== 'bob') {
  console.error(`--maker must be alice or bob (got ${makerArg})`);
  process.exit(2);
}
const maker: DemoRole = makerArg;
const fi = args.indexOf('--fee-rate');
const feeRateSatVb = fi >= 0 ? Number(args[fi + 1]) : undefined;
if (feeRateSatVb !== undefined && !(Number.isFinite(feeRateSatVb) && feeRateSatVb > 0)) {
  console.error(`--fee-rate must be a positive number of sat/vB (got ${args[fi + 1]})`);
  process.exit(2);
}
const restoreMidway = args.includes('--restore-midway');
if (restoreMidway && (path !== 'happy' || maker !== 'alice')) {
  console.error('--restore-midway runs the happy path with Alice as the maker');
  process.exit(2);
}
const refundByHand = args.includes('--refund-by-hand');
const refundByCli = args.includes('--refund-by-cli');
if ((refundByHand || refundByCli) && (path !== 'refund' || maker !== 'alice')) {
  console.error('--refund-by-hand and --refund-by-cli run the refund path with Alice as the maker');
  process.exit(2);
}
const expected = { happy: 'swapped', refund: 'refunded', punish: 'punished' }[path];

try {
  const r = await runDemo({ path, maker, verbose, ...(restoreMidway ? { restoreMidway } : {}), ...(refundByHand ? { refundByHand } : {}), ...(refundByCli ? { refundByCli } : {}), ...(feeRateSatVb !== undefined ? { feeRateSatPerKvB: Math.round(feeRateSatVb * 1000) } : {}), progress: (l) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`) });
  console.log(`maker ${r.makerRole}; alice: ${r.alice}, bob: ${r.bob}; BTC ${r.btcSats} sats, XMR ${r.xmrPiconero} piconero; fee rate ${r.feeRateSatVb} sat/vB; ${r.wallSec} s`);
  const good = r.alice === expected && r.bob === expected && (!restoreMidway || r.restored === true) && (!refundByHand || r.byHand !== undefined) && (!refundByCli || r.byCli !== undefined);
  if (json) console.log(JSON.stringify({ outcome: r.outcome, btcSats: r.btcSats, xmrPiconero: r.xmrPiconero, feeRateSatVb: r.feeRateSatVb, wallSec: r.wallSec, ...(r.makerRole === 'bob' ? { makerRole: r.makerRole } : {}), ...(r.restored ? { restored: true } : {}), ...(r.byHand ? { byHand: { cancelTxid: r.byHand.cancelTxid, refundTxid: r.byHand.refundTxid } } : {}), ...(r.byCli ? { byCli: { cancelTxid: r.byCli.cancelTxid, refundTxid: r.byCli.refundTxid, runs: r.byCli.runs.map((x) => ({ args: x.args.slice(0, 1), code: x.code, sec: x.sec })) } } : {}) }));
  process.exit(good ? 0 : 1);
} catch (e) {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
