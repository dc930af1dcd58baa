// Polls a readiness probe until it succeeds, the process dies, or a deadline passes.
// Invariant: a daemon that never comes up yields a clear error with its log tail, never a hang.
import type { ManagedProcess } from './managed-process';

export async function waitReady(
  proc: ManagedProcess,
  probe: () => Promise<string | null>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not probed yet';
  while (Date.now() < deadline) {
    if (!proc.isAlive()) {
      throw new Error(`${proc.name} exited during startup (exit ${String(await proc.exited)}). Log ${proc.logFile}:\n${proc.logTail()}`);
    }
    const why = await probe();
    if (why === null) return;
    last = why;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  await proc.stop();
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms (last: ${last}). Log ${proc.logFile}:\n${proc.logTail()}`);
}
