// Channel names and the IPC prefix alone, without schemas: what the sandboxed preload needs to
// refuse unknown channels, kept tiny so the preload bundle carries no schema library.

export const CHANNEL_NAMES = ['app:info', 'swaps:list', 'settings:get', 'settings:set'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const isChannelName = (s: unknown): s is ChannelName => typeof s === 'string' && (CHANNEL_NAMES as readonly string[]).includes(s);

/** Prefix of every Electron IPC channel, checked on both sides as VS Code does. */
export const IPC_PREFIX = 'fcswap:';
