// Entry of the signer process: owns the OS keychain, creates the seed on first run, and answers
// schema-checked requests from its parent over the IPC channel. Guards: logs are JSON lines on
// stderr with fingerprints only; nothing is written to disk; the process ends with its parent.
//
// Runs under child_process.fork (process.send) or as an Electron utility process
// (process.parentPort, reached without importing `electron`).
import { createKeytarKeychain } from '../keychain/keytar-keychain';
import { createSignerCore } from './signer-core';
import { SIGNER_HELLO, type SignerLogLine } from './signer-protocol';

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

const timeoutMs = Number(process.env.FC_SIGNER_KEYCHAIN_TIMEOUT_MS ?? '') || undefined;
const core = createSignerCore({ keychain: createKeytarKeychain(timeoutMs ? { timeoutMs } : {}), log });

channel.onMessage((raw) => void core.handle(raw).then((res) => channel.send(res)));
// The parent went away (or closed the channel to stop us): nothing may outlive it holding keys.
process.on('disconnect', () => process.exit(0));

channel.send(SIGNER_HELLO);
// First run creates the seed now rather than at the first request; failures are answered per request.
void core.init();
