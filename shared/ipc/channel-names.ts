// Channel names and the IPC prefix alone, without schemas: what the sandboxed preload needs to
// refuse unknown channels, kept tiny so the preload bundle carries no schema library.

export const CHANNEL_NAMES = [
  'app:info',
  'app:status',
  'swaps:list',
  'settings:get',
  'settings:set',
  'sandbox:offer',
  'sandbox:addresses',
  'offer:review',
  'swap:start',
  'swap:get',
  'swap:action',
  'offers:make',
  'offers:list',
  'offers:revoke',
  'book:list',
  'seed:status',
  'seed:words',
  'seed:confirm-backup',
  'seed:restore',
  'swap:export-support',
  'swap:export-recovery',
  'restore:run',
  'restore:report',
  'restore:dismiss',
  'swap:manual',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const isChannelName = (s: unknown): s is ChannelName => typeof s === 'string' && (CHANNEL_NAMES as readonly string[]).includes(s);

/** Prefix of every Electron IPC channel, checked on both sides as VS Code does. */
export const IPC_PREFIX = 'fcswap:';
