// The swap's whole story on its page: what was sent and received (after the fees the swap knows), the
// time it took, and every transaction with its id, chain, confirmations and a copy button. Guards the
// promise of the wizard ("every transaction id"): all of it is `SwapView.story` and `SwapView.txs`,
// derived once from the folded state, so this page, the steps and the history cannot disagree.
import type { SwapView } from '../../shared/ipc/channels';
import { plural } from '../../shared/protocol/swap-view-facts';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND } from '../../shared/syncer/messages';
import { formatBtc, formatDuration, formatXmr } from '../logic/format';
import { CopyButton } from './copy-button';

type Tx = SwapView['txs'][number];
type Line = NonNullable<SwapView['story']>['sent'][number];

const TX_WORDS: Readonly<Record<string, string>> = {
  funding: 'Funding payment',
  lock: 'BTC lock',
  'xmr-lock': 'XMR lock',
  buy: 'Buy',
  cancel: 'Cancel',
  refund: 'Refund',
  punish: 'Punish',
  'xmr-sweep': 'XMR sweep',
  'btc-sweep': 'BTC sweep',
};

/** The alternatives the swap signs in advance and sends only if the swap needs them. */
const PREPARED = new Set(['cancel', 'refund', 'punish']);
/** Rows counted by an address watch, which stops reporting at its bound (20): past it, "20+". */
const ADDRESS_WATCHED = new Set(['funding', 'xmr-lock']);

/**
 * Confirmations as words. A sweep is not watched once sent, so it has none to show; a prepared
 * alternative not on chain is not "missing", it is kept in case it is needed.
 */
export function confsText(t: Pick<Tx, 'name' | 'confs'>): string {
  if (t.confs === null) return t.name.endsWith('sweep') ? 'sent' : PREPARED.has(t.name) ? 'prepared; sent only if needed' : 'not yet seen';
  if (ADDRESS_WATCHED.has(t.name) && t.confs >= DEFAULT_ADDRESS_CONFIRMATION_BOUND) return `${DEFAULT_ADDRESS_CONFIRMATION_BOUND}+ confirmations`;
  return t.confs === 0 ? 'in the mempool' : plural(t.confs, 'confirmation');
}

const amount = (l: Line) => (l.chain === 'btc' ? formatBtc(l.amount, { exact: true }) : formatXmr(l.amount, { exact: true }));

/** "It took 3 min": from the swap's start to its outcome; null while it runs or when the end is unknown. */
export function tookText(story: NonNullable<SwapView['story']>): string | null {
  if (story.startedAt <= 0) return null;
  const end = story.endedAt ?? null;
  if (end === null) return null;
  return `It took ${formatDuration(Math.max(0, end - story.startedAt) / 1000)}, from the start to the outcome.`;
}

export function Story(props: { view: SwapView }) {
  const { view } = props;
  const story = view.story;
  if (!story || view.summary.outcome === 'running') return null;
  const took = tookText(story);
  const lines = (title: string, id: string, items: readonly Line[], none: string) => (
    <>
      <dt>{title}</dt>
      <dd data-testid={id}>
        {items.length === 0 ? (
          none
        ) : (
          <ul className="plain-list">
            {items.map((l, i) => (
              <li key={i} data-chain={l.chain} data-amount={l.amount}>
                <strong className="mono">{amount(l)}</strong> <span className="hint">{l.what}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
  return (
    <section className="card story" data-testid="swap-story">
      <h2 id="story-title">What happened</h2>
      <dl>
        {lines('You sent', 'story-sent', story.sent, 'Nothing.')}
        {lines('You received', 'story-received', story.received, 'Nothing.')}
        {lines('Fees', 'story-fees', story.fees, 'No Bitcoin fee was paid.')}
      </dl>
      {took && (
        <p className="hint" data-testid="story-took">
          {took}
        </p>
      )}
    </section>
  );
}

export function Transactions(props: { txs: SwapView['txs'] }) {
  if (props.txs.length === 0) return null;
  return (
    <section className="card">
      <h2 id="txs-title">Transactions</h2>
      <table className="txs">
        <thead>
          <tr>
            <th scope="col">Transaction</th>
            <th scope="col">Id</th>
            <th scope="col">Confirmations</th>
          </tr>
        </thead>
        <tbody>
          {props.txs.map((t) => (
            <tr key={`${t.name}-${t.txid}`} data-testid={`tx-${t.name}`} data-txid={t.txid} data-chain={t.chain}>
              <td>
                {TX_WORDS[t.name] ?? t.name} <span className="hint">({t.chain === 'btc' ? 'Bitcoin' : 'Monero'})</span>
              </td>
              <td>
                <span className="mono wrap">{t.txid}</span> <CopyButton text={t.txid} label="Copy id" testId={`copy-tx-${t.name}`} />
              </td>
              <td>{confsText(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
