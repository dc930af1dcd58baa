// `npm start` as a new user runs it, for the fresh-machine specs: `node build/start.mjs` (bootstrap,
// quiet builds, the bundled browser host, the sandbox it starts itself) in an environment with no
// D-Bus session and an empty HOME, so the wallet must find its own keychain. Nothing is mocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { alive, descendants, kill9 } from './process-tree';

export interface NpmStart {
  readonly child: ChildProcess;
  /** Every stdout line so far, in order. */
  readonly lines: string[];
  /** Resolves with the first stdout line matching `re` (also one printed before the call). */
  line(re: RegExp, ms: number): Promise<string>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** SIGINT, as Ctrl-C in the terminal; returns the pids of descendants still alive 30 s later. */
  stop(): Promise<number[]>;
}

const root = path.resolve(import.meta.dirname, '..');

/** A clean environment: no D-Bus session, no display, HOME as given; PATH and the test port kept. */
export function freshEnv(home: string, port: number): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, FCSWAP_PORT: String(port), CI: process.env.CI ?? '' };
  for (const k of ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

export function npmStart(env: Record<string, string>, logFile: string, args: string[] = []): NpmStart {
  const child = spawn(process.execPath, ['build/start.mjs', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n=== npm start ${new Date().toISOString()}\n`);
  child.stderr?.pipe(log, { end: false });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let buf = '';
  child.stdout?.on('data', (b: Buffer) => {
    log.write(b);
    buf += b.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(l);
      for (const w of waiters.splice(0)) {
        if (w.re.test(l)) w.resolve(l);
        else waiters.push(w);
      }
    }
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    lines,
    exited,
    line(re, ms) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`npm start printed no ${re} within ${ms} ms; it printed:\n${lines.join('\n')}`)), ms);
        waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
        void exited.then((c) => reject(new Error(`npm start exited (${c}) before ${re}; it printed:\n${lines.join('\n')}`)));
      });
    },
    async stop() {
      const before = child.pid ? descendants(child.pid) : [];
      if (child.exitCode === null) child.kill('SIGINT');
      const hard = setTimeout(() => child.kill('SIGKILL'), 90_000);
      await exited;
      clearTimeout(hard);
      const t0 = Date.now();
      let left = before.filter(alive);
      while (left.length && Date.now() - t0 < 30_000) {
        await new Promise((r) => setTimeout(r, 250));
        left = left.filter(alive);
      }
      for (const p of left) kill9(p);
      return left;
    },
  };
}
