// The wallet log: one JSON line per event (`level`, `time`, `component`, `event`, `swapId` when there is
// one, `msg`, other fields) from every process of the wallet, written by the host process (Electron main
// or the browser host) into `<dataDir>/logs/wallet.<n>.log`. Secrets and addresses are replaced by pino's
// own `redact` (the table in redaction.ts) before a line is serialised; addresses in `msg` are masked.
//
// Rotation is pino-roll's: when the file passes `maxBytes` the next number is opened, only the newest
// `keepFiles` files stay (those of earlier runs included), a restart appends to the newest, and
// `logs/current.log` links to the file written now (not on Windows, where links need privileges).
// No pino transport: those run in a worker thread and resolve their target by name, which a bundled
// .mjs cannot do. The stream is opened asynchronously; lines written meanwhile are kept and written first.
// A log that cannot be opened or written never stops the wallet: its lines are dropped.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import pinoRoll, { type RollStream } from 'pino-roll';
import { asLevel, type LogLevel, type LogRecord, type LogSink, textRecord } from './records';
import { REDACT_PATHS, REDACTED, scrubAddresses } from './redaction';

export interface WalletLogOptions {
  readonly dataDir: string;
  /** Lowest level written (default: FC_LOG_LEVEL, else info). */
  readonly level?: LogLevel;
  readonly maxBytes?: number;
  readonly keepFiles?: number;
  /** Also print a short text line per record (FC_VERBOSE, Electron's console). */
  readonly echo?: (line: string) => void;
}

export interface WalletLog {
  readonly dir: string;
  /** Resolves with the file written now (null if the log could not be opened). */
  currentFile(): Promise<string | null>;
  /** `echo: false` for a line the caller already printed. */
  write(record: LogRecord, o?: { echo?: boolean }): void;
  /** Writes what is pending and closes the file; later writes are dropped. */
  close(): Promise<void>;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP_FILES = 5;

export function openWalletLog(o: WalletLogOptions): WalletLog {
  const dir = path.join(o.dataDir, 'logs');
  let dest: RollStream | null = null;
  let pending: string[] | null = [];
  const onExit = () => {
    try {
      if (dest && !dest.destroyed) dest.flushSync();
    } catch {}
  };
  const opened = openRoll(dir, o).then(
    (d) => {
      d.on('error', () => undefined); // a full disk drops lines; it must not throw in the host
      for (const line of pending ?? []) d.write(line);
      pending = null;
      dest = d;
      process.on('exit', onExit);
      return d;
    },
    (e: unknown) => {
      pending = null;
      process.stderr.write(`wallet log: cannot write ${dir}: ${e instanceof Error ? e.message : String(e)}\n`);
      return null;
    },
  );
  let closed = false;
  const logger = pino(
    {
      level: o.level ?? asLevel(process.env['FC_LOG_LEVEL']),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    { write: (line: string) => (dest ? dest.write(line) : pending?.push(line)) },
  );
  return {
    dir,
    async currentFile() {
      const d = await opened;
      if (d && d.file === null) await new Promise((r) => d.once('ready', r));
      return d?.file ?? null;
    },
    write(record, w) {
      if (closed || !logger.isLevelEnabled(record.level)) return;
      const { level, msg, ...fields } = record;
      logger[level](fields, msg === undefined ? undefined : scrubAddresses(msg));
      if (o.echo && w?.echo !== false) o.echo(echoLine(record));
    },
    async close() {
      if (closed) return;
      closed = true;
      const d = await opened;
      process.off('exit', onExit);
      if (!d || d.destroyed) return;
      await new Promise<void>((resolve) => {
        d.once('close', resolve);
        d.end();
      });
    },
  };
}

async function openRoll(dir: string, o: WalletLogOptions): Promise<RollStream> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return pinoRoll({
    file: path.join(dir, 'wallet'),
    extension: '.log',
    size: `${Math.max(1, Math.round((o.maxBytes ?? LOG_MAX_BYTES) / 1024))}k`,
    limit: { count: o.keepFiles ?? LOG_KEEP_FILES, removeOtherLogFiles: true },
    symlink: process.platform !== 'win32',
    mode: 0o600,
  });
}

const echoLine = (r: LogRecord) =>
  `${new Date().toISOString().slice(11, 23)} ${r.component} ${r.event}${r.swapId ? ` ${r.swapId.slice(0, 8)}` : ''}${r.msg ? `: ${r.msg}` : ''}`;

/** What a host passes to openWallet: text lines of the wallet composition, and its structured records. */
export function walletLogSinks(log: WalletLog): { log: (line: string) => void; logEvent: LogSink } {
  return { log: (line) => log.write(textRecord('wallet', 'note', line)), logEvent: (r) => log.write(r) };
}
