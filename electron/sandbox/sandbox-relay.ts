// The sandbox's local Nostr relay: a real relay process (electron/nostr/relay-process.ts) on a loopback
// port, where the sandbox's maker publishes its standing offers and the wallet's offer book reads them,
// with no internet. The port of the previous run is reused when it is free (a relay URL already in a
// wallet's settings keeps working). A relay that dies is restarted on its port; while that port is
// taken the sandbox says so, once, and keeps trying (the URL in sandbox.json stays the same, so the
// maker's pool and every wallet's book reconnect by themselves once it is back).
// Guards: it listens on 127.0.0.1 only; stop() ends the supervision before it stops the process, so a
// stopping sandbox never restarts it; the relay exits by itself when this process goes (IPC disconnect).
import { startRelayProcess, type RelayProcess } from '../nostr/relay-process';
import { portIsFree } from '../regtest';

export interface SandboxRelay {
  /** ws://127.0.0.1:<port>; the same for the life of the sandbox. */
  readonly url: string;
  readonly port: number;
  /** The running process's pid (undefined while it is being restarted). */
  pid(): number | undefined;
  /** Restarts since the sandbox started. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface SandboxRelayOptions {
  /** The previous run's relay port (sandbox-state.json), reused when free. */
  readonly port?: number;
  readonly say: (line: string) => void;
  /** Waits between restart attempts while the port is not free (default: 250 ms, doubling to 5 s). */
  readonly retryMs?: { readonly first: number; readonly max: number };
}

export async function startSandboxRelay(o: SandboxRelayOptions): Promise<SandboxRelay> {
  const kept = o.port !== undefined && (await portIsFree(o.port)) ? o.port : undefined;
  if (o.port !== undefined && kept === undefined) o.say(`nostr relay port ${o.port} is in use by another process; using a new one`);
  const first = await startRelayProcess({ port: kept ?? 0 });
  if (!first.ok) throw new Error(`the sandbox's nostr relay: ${first.error.message}`);
  const { url, port } = first.value;
  let current: RelayProcess | null = first.value;
  let stopped = false;
  let restarts = 0;
  let restarting: Promise<void> = Promise.resolve();
  const retry = o.retryMs ?? { first: 250, max: 5_000 };

  const supervise = (p: RelayProcess) => {
    void p.exited.then(({ code, signal }) => {
      if (stopped || current !== p) return;
      current = null;
      o.say(`nostr relay ${url} exited (code ${code}, signal ${signal}): restarting it on port ${port}`);
      restarting = restart();
    });
  };

  const restart = async () => {
    let wait = retry.first;
    let told = false;
    while (!stopped) {
      const r = await startRelayProcess({ port });
      if (stopped) {
        if (r.ok) await r.value.stop();
        return;
      }
      if (r.ok) {
        restarts += 1;
        current = r.value;
        supervise(r.value);
        o.say(`nostr relay ${url} restarted${told ? ' (its port is free again)' : ''}: the maker republishes its offers there`);
        return;
      }
      if (!told) {
        told = true;
        o.say(`nostr relay ${url} cannot be restarted (${r.error.message.slice(0, 200)}): the sandbox's offers are not listed until it is; still trying every few seconds (free port ${port}, or restart the sandbox)`);
      }
      await new Promise((res) => setTimeout(res, wait));
      wait = Math.min(wait * 2, retry.max);
    }
  };

  supervise(first.value);
  return {
    url,
    port,
    pid: () => current?.pid,
    restarts: () => restarts,
    async stop() {
      stopped = true;
      await restarting;
      await current?.stop();
      current = null;
    },
  };
}
