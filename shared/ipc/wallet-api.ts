// The wallet behind the swap channels, as the channel handlers (electron/host/api-handlers.ts) see it:
// the port between the channel table and whatever answers it (the wallet service, or a stand-in while
// the daemon is starting or failed). Types only; it sits in shared/ipc so the wallet (electron/app)
// implements it without importing the host above it.
import type { AppStatus, ChannelRequest, ChannelResponse, OfferReview, SwapAction, SwapSummary, SwapView } from './channels';
import type { AppError, Result } from '../result';
import type { MadeOffer, MakeOfferRequest, OffersList } from './offer-channels';
import type { OfferBookView } from './book-channels';
import type { SeedStatus } from './seed-channels';
import type { ExportFileView } from './export-channels';
import type { ManualResultView } from './manual-channels';
import type { RestoreReport } from '../backup/restore-report';

/** The wallet seed (answered through the signer process: the host never loads the seed). */
export interface SeedApi {
  seedStatus(): Promise<Result<SeedStatus, AppError>>;
  /** The 24 words, asked for on purpose (`confirm: true`); never logged. */
  seedWords(req: ChannelRequest<'seed:words'>): Promise<Result<{ words: string[] }, AppError>>;
  /** The person's check of the words they wrote down: marks this seed backed up. */
  confirmSeedBackup(req: ChannelRequest<'seed:confirm-backup'>): Promise<Result<SeedStatus, AppError>>;
  restoreSeed(req: ChannelRequest<'seed:restore'>): Promise<Result<ChannelResponse<'seed:restore'>, AppError>>;
}

/** The wallet behind the swap channels: the person's daemon, its client side and the sandbox. */
/** A swap's two export files (electron/app/swap-exports.ts): for support (redacted) and for the person (recovery). */
export interface ExportApi {
  exportSupport(swapId: string, appVersion: string): Promise<Result<ExportFileView, AppError>>;
  exportRecovery(swapId: string): Promise<Result<ExportFileView, AppError>>;
}

/** A restore from the words and, optionally, the backup file (electron/app/restore-wallet.ts), and its report until dismissed. */
export interface RestoreApi {
  restoreWallet(req: ChannelRequest<'restore:run'>): Promise<Result<ChannelResponse<'restore:run'>, AppError>>;
  restoreReport(): Promise<Result<RestoreReport | null, AppError>>;
  dismissRestoreReport(): Promise<Result<{ dismissed: boolean }, AppError>>;
}

/** The swap page's manual commands (electron/app/manual-command.ts): recorded by the swap's daemon, then broadcast; or refused with the reason. */
export interface ManualApi {
  manualAction(swapId: string, action: ManualResultView['action']): Promise<Result<ManualResultView, AppError>>;
}

export interface WalletApi extends SeedApi, ExportApi, RestoreApi, ManualApi {
  status(): Promise<AppStatus>;
  /** Summaries from the transcript index: readable without any daemon or node running. */
  listSwaps(): Promise<SwapSummary[]>;
  /** A fresh offer from the sandbox maker; makerRole bob: the maker buys XMR (the person sells it). */
  sandboxOffer(req?: ChannelRequest<'sandbox:offer'>): Promise<Result<{ offer: string }, AppError>>;
  sandboxAddresses(): Promise<Result<{ btc: string; xmr: string }, AppError>>;
  reviewOffer(offer: string): Promise<Result<OfferReview, AppError>>;
  startSwap(req: ChannelRequest<'swap:start'>): Promise<Result<{ swapId: string }, AppError>>;
  getSwap(swapId: string): Promise<Result<SwapView, AppError>>;
  act(swapId: string, action: SwapAction): Promise<Result<SwapView, AppError>>;
  /** The person as a maker: sign a standing offer and listen for its takers; list them; revoke one. */
  makeOffer(req: MakeOfferRequest): Promise<Result<MadeOffer, AppError>>;
  listOffers(): Promise<Result<OffersList, AppError>>;
  revokeOffer(offerId: string): Promise<Result<MadeOffer, AppError>>;
  /** The live offers on the wallet's Nostr relays and each relay's state. */
  browseOffers(): Promise<Result<OfferBookView, AppError>>;
}
