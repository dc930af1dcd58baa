// Fixture for regtest.itest.ts: starts a node, reports its pid and dir, then waits to be killed by a signal.
// Invariant it lets the test check: a SIGTERM/SIGINT to the owner takes the node and its temp dir with it.
import { startBtcRegtest } from '../../electron/regtest/index';

const btc = await startBtcRegtest({ initialBlocks: 1 });
process.stdout.write(`${JSON.stringify({ pid: btc.nodePid(), dir: btc.datadir })}\n`);
setInterval(() => undefined, 1_000);
