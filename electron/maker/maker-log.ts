// The headless maker's log: one JSON line per event on stdout (pino; `level`, `time`, `component`,
// `event`, `swapId` when there is one, `msg`, other fields), for journald or a log shipper. Secrets and
// addresses in fields are redacted by the wallet log's own table; free text has addresses masked.
// The `offer` field (a published fcswap1… string) is public by design: takers need it.
import { pino } from 'pino';
import type { LogLevel, LogRecord } from '../log/records';
import { REDACT_PATHS, REDACTED, scrubAddresses } from '../log/redaction';

export type MakerLog = (level: LogLevel, component: string, event: string, fields?: { swapId?: string; msg?: string; [k: string]: unknown }) => void;

export function makerLog(write: (line: string) => void = (l) => process.stdout.write(l)): { log: MakerLog; record: (r: LogRecord) => void } {
  const logger = pino(
    {
      level: 'debug',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    { write },
  );
  const record = (r: LogRecord) => {
    const { level, msg, ...fields } = r;
    logger[level](fields, msg === undefined ? undefined : scrubAddresses(msg));
  };
  const log: MakerLog = (level, component, event, fields = {}) => record({ level, component, event, ...fields });
  return { log, record };
}
