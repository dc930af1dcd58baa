import { startBtcRegtest } from '../regtest/index';
import { startSupervisor } from './supervisor';
import { forkSpawnPort } from './spawn-port';
const btc = await startBtcRegtest();
try {
  const sup = startSupervisor({ config: { chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 50, stallMs: 1e6, rpcTimeoutMs: 5000, maxBackoffMs: 100 }, spawn: forkSpawnPort() });
  sup.subscribe((e) => { if (!JSON.stringify(e).includes('poll')) console.log('EV', JSON.stringify(e).slice(0, 250)) });
  await new Promise((r) => setTimeout(r, 4000));
  const addr = await btc.newAddress();
  const from = (await btc.rpc<number>('getblockcount')) + 1;
  const txid = await btc.sendTo(addr, 2_000_000);
  await btc.mine(1);
  console.log(sup.send({ kind: 'watch-address', id: 'a1', address: addr, fromHeight: from, confirmationBound: 2 }));
  await new Promise((r) => setTimeout(r, 2000));
  await sup.stop();
} finally { await btc.stop(); }
