// Entry of the signer process: owns the OS keychain, creates the seed on first run, and answers
// schema-checked requests from its parent over the IPC channel. Guards: logs are JSON lines on
// stderr with fingerprints only; nothing is written to disk; the process ends with its parent.
//
// Runs under child_process.fork (process.send) or as an Electron utility process
// (process.parentPort, reached without importing `electron`).
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createKeytarKeychain } from '../keychain/keytar-keychain';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { createSignerCore, type SignerCore } from './signer-core';
import { SIGNER_HELLO, SIGNER_SEED_WANTED, SignerSeedSchema, type SignerLogLine } from './signer-protocol';

interface ParentPortLike {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const log = (line: SignerLogLine) => process.stderr.write(JSON.stringify(line) + '\n');
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

type Channel = { send(m: unknown): void; onMessage(cb: (m: unknown) => void): void };
const channel: Channel | undefined = parentPort
  ? { send: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (e) => cb(e.data)) }
  : process.send
    ? {
        send: (m) => {
          if (process.connected) process.send!(m);
        },
        onMessage: (cb) => void process.on('message', cb),
      }
    : undefined;

if (!channel) {
  log({ component: 'signer', level: 'error', event: 'no-ipc-channel', detail: 'start me through signer-transport (fork) or utilityProcess' });
  process.exit(2);
}

// The parent went away (or closed the channel to stop us): nothing may outlive it holding keys.
process.on('disconnect', () => process.exit(0));

const serve = (core: SignerCore) => {
  channel.onMessage((raw) => void core.handle(raw).then((res) => channel.send(res)));
  channel.send(SIGNER_HELLO);
  // First run creates the seed now rather than at the first request; failures are answered per request.
  void core.init();
};

if (process.env.FC_SIGNER_SEED === 'parent') {
  // The headless maker's mode: the maker read its seed (keychain or 0600 file) and hands it over once,
  // asked for by this process (a message sent before our listener existed could be lost). The seed
  // lives in this process's memory only; the OS keychain is not touched. Anything else first is fatal.
  const first = (raw: unknown) => {
    const seed = SignerSeedSchema.safeParse(raw);
    if (!seed.success) {
      log({ component: 'signer', level: 'error', event: 'no-seed', detail: 'FC_SIGNER_SEED=parent: the first message was not the seed' });
      process.exit(2);
    }
    serve(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, seed.data.seedHex]]), log }));
  };
  // This listener stays attached: after the seed it ignores everything (the core's listener answers).
  let seeded = false;
  channel.onMessage((raw) => {
    if (seeded) return;
    seeded = true;
    first(raw);
  });
  channel.send(SIGNER_SEED_WANTED);
} else {
  const timeoutMs = Number(process.env.FC_SIGNER_KEYCHAIN_TIMEOUT_MS ?? '') || undefined;
  serve(createSignerCore({ keychain: createKeytarKeychain(timeoutMs ? { timeoutMs } : {}), log }));
}
