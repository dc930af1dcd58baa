// One wallet-log record per event, whatever process it came from: the daemon's log callback, a syncer
// worker's `log` message (through its supervisor), a line the signer process printed, a host line.
// Each keeps `component` and `event`, and `swapId` when one is known. Types only describe the shapes
// (this folder imports no daemon or syncer module).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  readonly level: LogLevel;
  readonly component: string;
  readonly event: string;
  readonly swapId?: string;
  /** Free text: never a secret or an address (those go in fields, which the logger redacts). */
  readonly msg?: string;
  readonly [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
export const asLevel = (l: unknown, fallback: LogLevel = 'info'): LogLevel => (typeof l === 'string' && LEVELS.has(l) ? (l as LogLevel) : fallback);

/** The swap a syncer task belongs to: task ids are `<swapId>:<chain>:<kind>:<name>[:<attempt>]`. */
const TASK_SWAP = /\b([0-9a-f]{32}):(?:btc|xmr):/;

/** A swap node's log line (`electron/daemon/daemon-ports.ts` LogLine, plus the node's name). */
export function daemonRecord(l: { component: string; level: LogLevel; event: string; swapId?: string; seq?: number; detail?: string; node?: string }): LogRecord {
  return {
    level: l.level,
    component: l.component,
    event: l.event,
    ...(l.swapId !== undefined ? { swapId: l.swapId } : {}),
    ...(l.seq !== undefined ? { seq: l.seq } : {}),
    ...(l.node !== undefined ? { node: l.node } : {}),
    ...(l.detail !== undefined ? { msg: l.detail } : {}),
  };
}

/** A syncer supervisor's `log` event: the worker's own lines and the supervisor's (exited, restarting). */
export function workerRecord(e: { chain: string; level: string; message: string }): LogRecord {
  const swapId = TASK_SWAP.exec(e.message)?.[1];
  return { level: asLevel(e.level), component: `syncer-${e.chain}`, event: 'worker-log', ...(swapId ? { swapId } : {}), msg: e.message };
}

/** One line the signer process printed: its JSON log lines (SignerLogLine) re-logged field by field; anything else as text. */
export function signerRecord(line: string): LogRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = null;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && typeof (parsed as { event?: unknown }).event === 'string') {
    const { level, component: _c, event, detail, ...rest } = parsed as Record<string, unknown>;
    return { level: asLevel(level), component: 'signer', event: event as string, ...rest, ...(typeof detail === 'string' ? { msg: detail } : {}) };
  }
  return { level: 'info', component: 'signer', event: 'output', msg: line };
}

/** A text line of a host (headline, detail) or of the wallet composition (open-wallet, wallet service). */
export const textRecord = (component: string, event: string, line: string, level: LogLevel = 'info'): LogRecord => ({ level, component, event, msg: line });
