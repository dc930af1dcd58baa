// The peer listener the person's offers are taken on: on the port the person chose (or any free one
// the first time), saved so a restart comes back on it. Guards: the port never moves while an offer
// still open or a swap still running was made on it (their takers dial exactly that port); a port
// that cannot be bound is a typed error naming the field, and the old listener keeps serving.
import { runningTakes } from '../../shared/offer/offer-registry';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { termsError } from '../../shared/offer/make-offer-terms';
import type { OfferBook } from '../daemon/offer-book';
import { PeerListener } from '../peer/peer-listener';
import type { WalletContext } from './wallet-context';
import type { WalletMakerFile } from './wallet-offers-file';

export interface ListenerState {
  listener: PeerListener | null;
}

/** Regtest offers are for this machine; on a real network takers come from outside. */
export const listenHost = (network: string): string => (network === 'regtest' ? '127.0.0.1' : '0.0.0.0');

const listen = (ctx: WalletContext, port: number) => PeerListener.listen({ identity: ctx.node.identity, host: listenHost(ctx.o.endpoints.network), port });

/** After a restart: the saved port (a port just released by a dead process may take a moment). */
export async function reopenListener(ctx: WalletContext, s: ListenerState, port: number, serve: () => void): Promise<Result<number, AppError>> {
  let last = '';
  for (let i = 0; i < 20; i++) {
    const l = await listen(ctx, port);
    if (l.ok) {
      s.listener = l.value;
      serve();
      ctx.log(`offers: listening for takers on port ${port}`);
      return ok(port);
    }
    last = l.error.message;
    await new Promise((r) => setTimeout(r, 150));
  }
  return err(termsError('port', `the offers' port ${port} is in use by another process (${last}): takers of your offers cannot reach this wallet until it is free; restart the wallet then.`));
}

/** The listener for a new offer: the one running if the port is the same (or unsaid), else a new one if nothing depends on the old. */
export async function ensureListener(ctx: WalletContext, s: ListenerState, book: OfferBook, file: WalletMakerFile, port: number | undefined, serve: () => void): Promise<Result<number, AppError>> {
  const current = s.listener;
  const want = port ?? current?.port ?? file.port ?? 0;
  if (current && want === current.port) return ok(current.port);
  if (current) {
    const now = Math.floor(Date.now() / 1000);
    const needed = Object.values(book.snapshot.offers).some((e) => runningTakes(e).length > 0 || (!e.revoked && now < e.terms.expiresAt));
    if (needed) return err(termsError('port', `Your open offers or running swaps are on port ${current.port}: their takers dial that port. Keep ${current.port}, or revoke those offers (and let their swaps end) to move.`));
  }
  const l = await listen(ctx, want);
  if (!l.ok) return err(termsError('port', `Port ${want} cannot be used for takers: ${l.error.message}. Choose another port.`));
  await current?.close();
  s.listener = l.value;
  file.setPort(l.value.port);
  serve();
  ctx.log(`offers: listening for takers on port ${l.value.port}`);
  return ok(l.value.port);
}
