// The offer book: live offers of makers on the wallet's Nostr relays (book:list, polled), in the
// person's words, filtered by direction and network, sorted by price, amount or age. "Take" hands the
// offer's fcswap1 string to the wizard's review, exactly as a pasted one. Guards: an expired offer is
// never listed even when the poll lags (visibleRows checks the clock); rows are built once per changed
// poll answer and each row is memoized, so 1,000+ offers re-render only when they change; the list
// shows a page at a time. An empty book says why (no relays, relays failing, no offers yet) and what to do.
import { memo, useCallback, useMemo, useState } from 'react';
import type { OfferBookView } from '../../shared/ipc/book-channels';
import { SWAP_NETWORK_NAMES } from '../../shared/networks/swap-networks';
import type { Network } from '../../shared/ipc/channels';
import { api } from '../api';
import { ReasonButton } from '../components/reason-button';
import { ScreenHead } from '../components/screen-head';
import { usePoll } from '../components/use-poll';
import {
  ageText,
  DEFAULT_SORT,
  emptyBook,
  expiryText,
  liveCount,
  rowTexts,
  takeBlocker,
  toRows,
  visibleRows,
  type BookEmpty,
  type BookFilter,
  type BookRow,
  type BookSort,
} from '../logic/offer-book';
import { useApp } from '../store';
import { EmptyState } from './empty-state';

/** Rows drawn at once; the rest behind "Show more", so a huge book never stalls a poll's render. */
const PAGE = 100;

const SORTS: { value: string; label: string; sort: BookSort }[] = [
  { value: 'newest', label: 'Newest first', sort: DEFAULT_SORT },
  { value: 'price-asc', label: 'Price: fewest XMR per BTC first', sort: { key: 'price', dir: 'asc' } },
  { value: 'price-desc', label: 'Price: most XMR per BTC first', sort: { key: 'price', dir: 'desc' } },
  { value: 'amount-asc', label: 'Amount: smallest first', sort: { key: 'amount', dir: 'asc' } },
  { value: 'amount-desc', label: 'Amount: largest first', sort: { key: 'amount', dir: 'desc' } },
];

type Fetched = { view: OfferBookView | null; error: { kind: string; message: string } | null; at: number };

export function Offers() {
  const settings = useApp((s) => s.settings);
  const status = useApp((s) => s.status);
  const navigate = useApp((s) => s.navigate);
  const takeOffer = useApp((s) => s.takeOffer);
  const walletNetwork: Network | null = status?.network ?? settings?.network ?? null;
  const [fetched, setFetched] = useState<Fetched>({ view: null, error: null, at: Date.now() });
  const [direction, setDirection] = useState<BookFilter['direction']>('all');
  /** null: follow the wallet's network. */
  const [network, setNetwork] = useState<BookFilter['network'] | null>(null);
  const [sortValue, setSortValue] = useState('newest');
  const [limit, setLimit] = useState(PAGE);

  usePoll(async () => {
    const r = await api.invoke('book:list', {});
    setFetched((prev) => {
      const at = Date.now();
      // An unchanged answer keeps the same object, so the rows are not rebuilt; a failed poll keeps the last book.
      if (r.ok) return { view: prev.view && JSON.stringify(prev.view) === JSON.stringify(r.value) ? prev.view : r.value, error: null, at };
      return { view: prev.view, error: r.error, at };
    });
  }, 2000);

  const rows = useMemo(() => toRows(fetched.view?.offers ?? []), [fetched.view]);
  const filter: BookFilter = useMemo(() => ({ direction, network: network ?? walletNetwork ?? 'all' }), [direction, network, walletNetwork]);
  const sort = SORTS.find((s) => s.value === sortValue)?.sort ?? DEFAULT_SORT;
  const now = fetched.at;
  const shown = useMemo(() => visibleRows(rows, filter, sort, now), [rows, filter, sort, now]);
  const live = useMemo(() => liveCount(rows, now), [rows, now]);
  // Ages and expiries move in 10-second steps: a row re-renders when its words could change, not every poll.
  const clock = Math.floor(now / 10_000) * 10_000;
  const daemonReady = status?.daemon.state === 'ready';
  const take = useCallback((r: BookRow) => takeOffer(r.offer.offer, r.yourRole), [takeOffer]);
  const empty = emptyBook({ view: fetched.view, error: fetched.error, live, shown: shown.length, network: walletNetwork, sandboxOn: settings?.sandbox ?? false });

  return (
    <div className="screen" data-testid="screen-offers">
      <ScreenHead title="Offers" lede="Live offers from makers on your relays. Taking one opens its terms for review; nothing is committed until you start the swap." />
      <BookFilters
        direction={direction}
        network={filter.network}
        sortValue={sortValue}
        walletNetwork={walletNetwork}
        onDirection={setDirection}
        onNetwork={setNetwork}
        onSort={setSortValue}
        count={fetched.view ? `${shown.length} of ${live} live offer${live === 1 ? '' : 's'} shown` : 'Waiting for the offer book…'}
        ignored={fetched.view?.ignored ?? 0}
        staleError={fetched.view && fetched.error ? fetched.error.message : null}
      />
      {empty ? (
        <BookEmptyState
          empty={empty}
          onSettings={() => navigate({ name: 'settings' })}
          onWizard={() => navigate({ name: 'wizard' })}
          onShowAll={() => {
            setDirection('all');
            setNetwork('all');
          }}
        />
      ) : (
        <>
          <table className="history book" data-testid="book-table">
            <caption className="sr-only">Live offers, {SORTS.find((s) => s.value === sortValue)?.label.toLowerCase()}</caption>
            <BookHead sort={sort} />
            <tbody>
              {shown.slice(0, limit).map((r) => (
                <OfferRow key={r.key} row={r} clock={clock} blocker={takeBlocker(r, { now, daemonReady, network: walletNetwork })} onTake={take} />
              ))}
            </tbody>
          </table>
          {shown.length > limit && (
            <div className="actions">
              <button type="button" data-testid="book-more" onClick={() => setLimit((l) => l + PAGE)}>
                Show {Math.min(PAGE, shown.length - limit)} more (of {shown.length - limit})
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function BookFilters(props: {
  direction: BookFilter['direction'];
  network: BookFilter['network'];
  sortValue: string;
  walletNetwork: Network | null;
  onDirection: (d: BookFilter['direction']) => void;
  onNetwork: (n: BookFilter['network']) => void;
  onSort: (v: string) => void;
  count: string;
  ignored: number;
  staleError: string | null;
}) {
  return (
    <section className="card book-filters" aria-labelledby="book-filters-title">
      <h2 id="book-filters-title">Show</h2>
      <div className="book-filter-row">
        <div className="field">
          <label htmlFor="book-direction">Which way</label>
          <select id="book-direction" data-testid="book-direction" value={props.direction} onChange={(e) => props.onDirection(e.target.value as BookFilter['direction'])}>
            <option value="all">Both ways</option>
            <option value="buy">Buy XMR with BTC</option>
            <option value="sell">Sell XMR for BTC</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="book-network">Network</label>
          <select id="book-network" data-testid="book-network" value={props.network} onChange={(e) => props.onNetwork(e.target.value as BookFilter['network'])}>
            <option value="all">All networks</option>
            {SWAP_NETWORK_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
                {n === props.walletNetwork ? ' (the wallet’s)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="book-sort">Sort by</label>
          <select id="book-sort" data-testid="book-sort" value={props.sortValue} onChange={(e) => props.onSort(e.target.value)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint" data-testid="book-count" role="status">
        {props.count}
        {props.ignored > 0 ? ` · ${props.ignored} invalid event${props.ignored === 1 ? '' : 's'} ignored` : ''}
        {props.staleError ? ` · the last update failed: ${props.staleError}` : ''}
      </p>
    </section>
  );
}

function BookEmptyState(props: { empty: BookEmpty; onSettings: () => void; onWizard: () => void; onShowAll: () => void }) {
  const { empty } = props;
  return (
    <EmptyState title={empty.title} testId="book-empty">
      <p data-kind={empty.kind} data-testid="book-empty-reason">
        {empty.text}
      </p>
      <div className="actions">
        {empty.action === 'settings' && (
          <button type="button" onClick={props.onSettings}>
            Open the relay settings
          </button>
        )}
        {empty.action === 'filters' && (
          <button type="button" onClick={props.onShowAll}>
            Show every offer
          </button>
        )}
        {empty.action !== null && (
          <button type="button" className="secondary" onClick={props.onWizard}>
            Paste an offer instead
          </button>
        )}
      </div>
    </EmptyState>
  );
}

function BookHead({ sort }: { sort: BookSort }) {
  const ariaSort = (key: BookSort['key']) => (sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <thead>
      <tr>
        <th scope="col">Which way</th>
        <th scope="col" aria-sort={ariaSort('amount')}>
          Amount
        </th>
        <th scope="col" aria-sort={ariaSort('price')}>
          Price
        </th>
        <th scope="col">Timelocks</th>
        <th scope="col">Maker</th>
        <th scope="col" aria-sort={ariaSort('newest')}>
          Age
        </th>
        <th scope="col">Places left</th>
        <th scope="col">
          <span className="sr-only">Action</span>
        </th>
      </tr>
    </thead>
  );
}

/** One offer; memoized on its row (rebuilt only when the poll answer changed), the 10-second clock and its blocker. */
const OfferRow = memo(function OfferRow(props: { row: BookRow; clock: number; blocker: string | null; onTake: (r: BookRow) => void }) {
  const { row: r, clock, blocker } = props;
  const id = r.key;
  // Made once per row object (a poll answer that changed this offer makes a new one).
  const t = useMemo(() => rowTexts(r), [r]);
  return (
    <tr data-testid={`book-offer-${id}`} data-direction={r.direction} data-network={r.offer.network}>
      <td data-testid="book-way">{t.directionLabel}</td>
      <td>
        {t.btcText}
        <br />
        <span className="hint">for {t.xmrText}</span>
      </td>
      <td>
        {t.priceText}
        <br />
        <span className="hint">{t.inverseText}</span>
      </td>
      <td className="hint">{t.timelockText}</td>
      <td>
        <span className="mono" title={r.offer.makerKey}>
          {t.makerShort}
        </span>
        <br />
        <span className="hint">
          {r.offer.network} · {t.relaysText}
        </span>
      </td>
      <td>
        {ageText(r, clock)}
        <br />
        <span className="hint">expires {expiryText(r, clock)}</span>
      </td>
      <td>{t.placesText}</td>
      <td>
        <ReasonButton id={`take-${id}`} testId={`take-${id}`} reason={blocker} onClick={() => props.onTake(r)}>
          Take<span className="sr-only"> this offer to {t.directionLabel.toLowerCase()}, {t.btcText}</span>
        </ReasonButton>
      </td>
    </tr>
  );
});
