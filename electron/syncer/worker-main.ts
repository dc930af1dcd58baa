// Entry of a syncer worker process (one per chain): wires the parent channel to the syncer core and the chain backend.
// Invariant: the worker exits when its parent goes away, and takes its wallet-rpc children with it.
import { ChainSchema } from '../../shared/syncer/messages';
import { createSyncerCore } from './syncer-core';
import { createBtcBackend } from './btc-backend';
import { createXmrBackend } from './xmr-backend';
import { parentChannel } from './parent-channel';
import { killAllChildren } from './child-processes';

const chain = ChainSchema.parse(process.argv[2]);
function quit(code: number): never {
  killAllChildren();
  process.exit(code);
}
const channel = parentChannel();
const core = createSyncerCore({
  chain,
  onShutdown: () => quit(0),
  send: (m) => channel.send(m),
  makeBackend: (cfg, emit, log) => (cfg.chain === 'btc' ? createBtcBackend(cfg, emit, log) : createXmrBackend(cfg, emit, log)),
});
channel.onMessage((m) => core.handle(m));
channel.onClose(() => {
  void core.stop().finally(() => quit(0));
});
process.on('SIGTERM', () => quit(0));
process.on('uncaughtException', (e) => {
  channel.send({ type: 'log', level: 'error', message: `worker crashed: ${e.stack ?? e.message}` });
  // The supervisor restarts us and re-sends every task: crashing is safe, limping on is not.
  quit(1);
});
channel.send({ type: 'ready', chain, pid: process.pid });
