// pino-roll ships no types: the part of its API the wallet log uses (a SonicBoom stream that reopens
// the next numbered file when the current one passes `size`, and removes the oldest past `limit`).
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';

  export interface RollStream extends EventEmitter {
    /** The file written now (`<file>.<n><extension>`); null until it is open ('ready'). */
    readonly file: string | null;
    readonly destroyed: boolean;
    write(data: string): boolean;
    flushSync(): void;
    end(): void;
  }

  export interface PinoRollOptions {
    file: string | (() => string);
    /** '5m', '100k', or a number of MB. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    /** A `current.log` symlink beside the files, to the one written now. */
    symlink?: boolean;
    /** `count` files kept (with removeOtherLogFiles, those of earlier runs too). */
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
    mkdir?: boolean;
    mode?: number;
    sync?: boolean;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
