// Parses both directions of a channel call against the table; the only way a request reaches a
// handler or a response reaches the renderer. Bad input becomes an `ipc-invalid` error value.
import type { z } from 'zod';
import { isChannelName } from './channel-names';
import { CHANNELS, type ChannelName, type ChannelRequest, type ChannelResult, resultOf } from './channels';

export type Handlers = { [C in ChannelName]: (req: ChannelRequest<C>) => Promise<ChannelResult<C>> };

const invalid = (message: string) => ({ ok: false as const, error: { kind: 'ipc-invalid', message } });

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 500);

/** Validates channel + request, runs the handler, validates its result. Never throws. */
export async function dispatch(handlers: Handlers, channel: unknown, rawRequest: unknown): Promise<ChannelResult<ChannelName>> {
  if (!isChannelName(channel)) return invalid(`unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
  const spec = CHANNELS[channel];
  const req = spec.request.safeParse(rawRequest ?? {});
  if (!req.success) return invalid(`bad request on ${channel}: ${describe(req.error)}`);
  let res: unknown;
  try {
    res = await (handlers[channel] as (r: unknown) => Promise<unknown>)(req.data);
  } catch (e) {
    // A throwing handler is a bug; the renderer still gets a value, never an Error object.
    return { ok: false, error: { kind: 'internal', message: `${channel} failed: ${(e as Error)?.message ?? String(e)}` } };
  }
  const parsed = resultOf(spec.response).safeParse(res);
  if (!parsed.success) return { ok: false, error: { kind: 'internal', message: `bad response on ${channel}: ${describe(parsed.error)}` } };
  return parsed.data as ChannelResult<ChannelName>;
}
