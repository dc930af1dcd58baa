// Entry of the signer process: owns the OS keychain, creates the seed on first run, and answers
// schema-checked requests from its parent over the IPC channel. Guards: logs are JSON lines on
// stderr with fingerprints only; nothing is written to disk; the process ends with its parent.
import { createKeytarKeychain } from '../keychain/keytar-keychain';
import { createSignerCore } from './signer-core';
import { SIGNER_HELLO, type SignerLogLine } from './signer-protocol';

const send = process.send?.bind(process);
const log = (line: SignerLogLine) => process.stderr.write(JSON.stringify(line) + '\n');

if (!send) {
  log({ component: 'signer', level: 'error', event: 'no-ipc-channel', detail: 'start me through signer-transport (child_process.fork)' });
  process.exit(2);
}

const timeoutMs = Number(process.env.FC_SIGNER_KEYCHAIN_TIMEOUT_MS ?? '') || undefined;
const core = createSignerCore({ keychain: createKeytarKeychain(timeoutMs ? { timeoutMs } : {}), log });

process.on('message', (raw: unknown) => {
  void core.handle(raw).then((res) => {
    if (process.connected) send(res);
  });
});
// The parent went away (or closed the channel to stop us): nothing may outlive it holding keys.
process.on('disconnect', () => process.exit(0));

send(SIGNER_HELLO);
// First run creates the seed now rather than at the first request; failures are answered per request.
void core.init();
