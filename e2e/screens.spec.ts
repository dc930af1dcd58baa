// Every screen that renders without a swap daemon, in Debian Chromium through the real Node browser
// host: screenshots (e2e/artifacts/<name>.png), an accessibility check on each, the daemon-unavailable
// warning, settings round-trip, and a keyboard-only walk of the wizard's first step.
// The daemon-dependent screens (review, fund, progress, done, resume list, history list) are laid out
// here from views the real protocol simulator computes, served by stubbing the host's answers inside
// the page: a layout and accessibility test of the renderer only, never a swap. Whole swaps run on
// real litecoind/monerod/monero-wallet-rpc in e2e/swap.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import type { ChannelName, OfferReview, SwapView } from '../shared/ipc/channels';
import type { BookOffer, RelayStatus } from '../shared/ipc/book-channels';
import { piconeroToXmr, sentence } from '../renderer/logic/format';
import { accessibilityProblems } from './a11y-check';
import { answer, simulatedViews } from './sim-views';
import { simulate } from '../rigs/protocol/swap-sim.helpers';
import { swapView } from '../shared/protocol/swap-view';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

test('every daemon-free screen renders, warns and passes the accessibility check', async ({ page }) => {
  const errors = collectErrors(page);

  await page.goto('/#/resume');
  await expect(page.getByTestId('screen-resume')).toBeVisible();
  await expect(page.getByTestId('resume-empty')).toContainText('No unfinished swaps');
  await expect(page.getByTestId('host-note')).toHaveText('Browser host (no Electron)');
  await expect(page.getByTestId('status-line')).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'resume-empty');

  await page.getByRole('link', { name: 'New swap' }).click();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'New swap' })).toBeFocused();
  // Without a daemon: the banner says so, and the review button says why it cannot act.
  const banner = page.getByTestId('banner-daemon');
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('Swap daemon unavailable');
  await page.getByLabel('Offer').fill('fcswap1example');
  const review = page.getByRole('button', { name: 'Review offer' });
  await expect(review).toBeDisabled();
  await expect(review).toHaveAccessibleDescription(/swap daemon is not ready/);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-offer-daemon-unavailable');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('history-empty')).toContainText('No finished swaps yet');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'history-empty');

  // The offer book without a daemon: it says why it is empty and that pasting still works.
  await page.getByRole('link', { name: 'Offers' }).click();
  await expect(page.getByTestId('screen-offers')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Offers' })).toBeFocused();
  await expect(page.getByTestId('book-empty')).toContainText('The offer book is not open', { timeout: 10_000 });
  await expect(page.getByTestId('book-empty')).toContainText('paste an offer');
  await expect(page.getByTestId('book-network')).toHaveValue('regtest');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'offers-unavailable');
  await page.getByRole('button', { name: 'Paste an offer instead' }).click();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('screen-settings')).toBeVisible();
  await expect(page.getByLabel('Network', { exact: true })).toHaveValue('regtest');
  // A network switch is asked first (the sandbox turns off, the nodes it will use are named), and the
  // host checks those nodes before saving: none runs here, so nothing is saved and the reason is shown.
  await page.getByLabel('Network', { exact: true }).selectOption('testnet');
  const confirm = page.getByTestId('network-confirm');
  await expect(confirm).toContainText('The sandbox turns off');
  await expect(confirm).toContainText('127.0.0.1:18443');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'settings-network-confirm');
  await page.getByTestId('confirm-network').click();
  await expect(page.getByTestId('settings-error')).toContainText('Not saved: Bitcoin node 127.0.0.1:18443 does not answer');
  await page.reload();
  await expect(page.getByLabel('Network', { exact: true })).toHaveValue('regtest');
  await page.getByLabel('Network', { exact: true }).selectOption('mainnet');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('network-confirm')).toHaveCount(0);
  await expect(page.getByLabel('Network', { exact: true })).toHaveValue('regtest');
  // The node lists: one node per chain by default, each with its health line.
  await expect(page.getByLabel('Bitcoin node 1 RPC URL')).toHaveValue('http://127.0.0.1:18443');
  await expect(page.getByLabel('Monero node 1 RPC URL')).toHaveValue('http://127.0.0.1:18081');
  await expect(page.getByTestId('btc-node-0-health')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Allow desktop notifications' })).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'settings');

  // The offer book's relays: an address is checked before anything is sent, a good one is saved by the
  // host (kept across a reload), and removed again (this data folder is reused by the next run).
  const relays = page.getByTestId('relay-settings');
  await expect(relays).toContainText('Offer book relays');
  await page.getByLabel('Add a relay').fill('ws://relay.example.com');
  await page.getByTestId('relay-add-button').click();
  await expect(page.getByTestId('relay-add-problem')).toContainText('ws:// only to this machine');
  await expect(page.getByLabel('Add a relay')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Add a relay').fill('wss://relay.example.com');
  await page.getByLabel('Add a relay').press('Enter');
  await expect(page.getByTestId('relay-wss://relay.example.com')).toContainText('Not used until saved');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'settings-relays');
  await page.getByTestId('save-relays').click();
  await expect(page.getByTestId('relays-source')).toHaveText('Using your list.');
  await expect(page.getByTestId('save-relays')).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId('relay-wss://relay.example.com')).toContainText('State unknown');
  await page.getByRole('button', { name: 'Remove wss://relay.example.com' }).click();
  await page.getByTestId('save-relays').click();
  await expect(page.getByTestId('save-relays')).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId('relay-settings')).toBeVisible();
  await expect(page.getByTestId('relay-wss://relay.example.com')).toHaveCount(0);
  // An empty list of the person's own is not the defaults: going back to them is its own choice.
  await expect(page.getByTestId('relays-source')).toHaveText('Using your list.');
  await page.getByRole('button', { name: 'Use the defaults' }).click();
  await page.getByTestId('save-relays').click();
  await expect(page.getByTestId('save-relays')).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId('relays-source')).toHaveText('Using the regtest defaults (none: regtest has no public relays).');

  await page.getByRole('link', { name: 'How it works' }).click();
  await expect(page.getByTestId('screen-protocol')).toBeVisible();
  await expect(page.getByRole('img', { name: /Bob: sells Bitcoin/ })).toBeVisible();
  await expect(page.locator('[data-node="start"][data-marked="true"]')).toHaveCount(2);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'protocol');

  await page.goto('/#/swap/' + 'ab'.repeat(16));
  await expect(page.getByTestId('swap-unknown')).toContainText('not known to the daemon');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-unknown');

  expect(errors).toEqual([]);
});

test('opened without a route and with no unfinished swap, the app goes to a new swap', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page).toHaveURL(/#\/wizard$/);
});

test('keyboard only: the wizard first step is reachable in order, with visible focus', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/#/wizard');
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByTestId('banner-daemon')).toBeVisible();
  const order: string[] = [];
  const outlines: string[] = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const name = (el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '').trim();
      const st = getComputedStyle(el);
      return { name: `${el.tagName.toLowerCase()}:${name}`, outline: `${st.outlineStyle} ${st.outlineWidth}`, shadow: st.boxShadow };
    });
    if (!f) break;
    order.push(f.name);
    if (f.outline.startsWith('none')) outlines.push(f.name);
    if (f.name === 'button:Review offer') break;
  }
  const at = (name: string) => order.indexOf(name);
  expect(at('a:Skip to content')).toBe(0);
  expect(at('a:New swap')).toBeGreaterThan(0);
  expect(at('textarea:Offer')).toBeGreaterThan(at('a:Settings'));
  expect(at('button:Review offer')).toBeGreaterThan(at('textarea:Offer'));
  // Every focused control shows a focus ring.
  expect(outlines).toEqual([]);

  // Type an offer with the keyboard, reach the review button, and hear why it cannot act.
  await page.getByLabel('Offer').focus();
  await page.keyboard.type('fcswap1keyboard');
  await page.keyboard.press('Tab');
  let focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  if (focused === "Use the sandbox maker's offer") {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  }
  expect(focused).toBe('Review offer');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Review offer' })).toHaveAccessibleDescription(/not ready/);
  await expect(page.getByTestId('review')).toHaveCount(0);

  // The skip link lands on the screen heading.
  await page.reload();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'New swap' })).toBeFocused();
  expect(errors).toEqual([]);
});

test('the API refuses calls from another origin', async ({ request, baseURL }) => {
  const res = await request.post(`${baseURL}api/invoke`, {
    headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    data: { channel: 'app:info', request: {} },
  });
  expect(res.status()).toBe(403);
});

// Layout check of the screens that need a running daemon: the host's answers are replaced in the page
// by views the real protocol code computes from a simulated swap (e2e/sim-views.ts), each validated
// against the channel table. This checks rendering, names and accessibility only; the whole swap
// against real nodes is e2e/swap.spec.ts.
test('wizard, funding, progress, done, resume and history render from protocol-computed views', async ({ page }) => {
  const errors = collectErrors(page);
  const now = Date.now();
  const v = simulatedViews(now);
  let current: SwapView = v.fund;
  const bobId = v.fund.summary.swapId;
  const swaps = () => [current.summary, v.aliceWaiting.summary, v.refunded.summary];
  const review: OfferReview = {
    offer: 'fcswap1sandboxofferfixture',
    offerId: 'cd'.repeat(16),
    network: 'regtest',
    makerRole: 'alice',
    yourRole: 'bob',
    btcSats: current.summary.btcSats,
    xmrPiconero: current.summary.xmrPiconero,
    fundingSats: current.funding?.sats ?? null,
    feeSatPerKvB: 2000,
    feeEstimateSatPerKvB: null,
    fees: [
      { tx: 'lock', sats: '300', when: 'you pay it on top of the amount, when the BTC is locked' },
      { tx: 'buy', sats: '396', when: 'out of the locked BTC, when the swap completes' },
      { tx: 'cancel', sats: '390', when: 'out of the locked BTC, if the swap is cancelled' },
      { tx: 'refund', sats: '402', when: 'out of your refund, if the swap is cancelled' },
    ],
    worstCaseRefundSats: '1092',
    cancelTimelock: current.deadlines.find((d) => d.id === 'cancel')?.total ?? 10,
    punishTimelock: current.deadlines.find((d) => d.id === 'punish')?.total ?? 20,
    finalityBtc: 1,
    finalityXmr: 1,
    btcBlockSeconds: 0,
    expiresAt: Math.floor(now / 1000) + 3600,
    maker: 'sandbox maker at 127.0.0.1:41000 (ed25519 3f9a…)',
  };
  await page.route('**/api/invoke', async (route) => {
    const { channel, request } = route.request().postDataJSON() as { channel: ChannelName; request: { swapId?: string } };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    switch (channel) {
      case 'app:status':
        return reply(
          answer('app:status', {
            daemon: { state: 'ready', message: 'ready' },
            chains: [
              { chain: 'btc', height: 312, status: 'ok', message: '' },
              { chain: 'xmr', height: 1250, status: 'stalled', message: 'no new Monero block for 25 minutes' },
            ],
            sandbox: { state: 'ready', message: 'sandbox nodes and maker running' },
            notices: current.summary.needsAction ? [{ id: `ask:${bobId}`, swapId: bobId, level: 'warning', message: current.asks[0]?.title ?? current.summary.next }] : [],
          }),
        );
      case 'settings:get':
        return reply(answer('settings:get', { network: 'regtest', sandbox: true, bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }], dataDir: '/tmp/fcswap' }));
      case 'swaps:list':
        return reply(answer('swaps:list', swaps()));
      case 'sandbox:offer':
        return reply(answer('sandbox:offer', { offer: review.offer }));
      case 'offer:review':
        return reply(answer('offer:review', review));
      case 'sandbox:addresses':
        return reply(answer('sandbox:addresses', { btc: 'rltc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5l62ze4', xmr: '42MLmymi9SW9Ai1fXeg2Gf49S2CrTyPYJG9ru2hQcTWoW2AyUjFRiM4Pc15REsijpBAKZbq71AMFbM9ZsnwFMCdgHari2Rw' }));
      case 'swap:start':
        return reply(answer('swap:start', { swapId: bobId }));
      case 'swap:get':
        return reply(answer('swap:get', request.swapId === v.aliceWaiting.summary.swapId ? v.aliceWaiting : current));
      default:
        return route.continue();
    }
  });

  await page.goto('/#/wizard');
  await expect(page.getByTestId('offer-input')).toHaveValue(review.offer);
  await page.getByTestId('sandbox-offer').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByRole('heading', { name: '2. Review the terms' })).toBeFocused();
  await expect(page.getByTestId('you-send')).toContainText('BTC');
  // Every fee of the person's side in sats, and the worst-case refund cost, before anything is locked.
  await expect(page.getByTestId('fee-rate')).toContainText('2 sat/vB (your node has no estimate');
  await expect(page.getByTestId('fee-lock')).toHaveText('lock: 300 sats, you pay it on top of the amount, when the BTC is locked');
  await expect(page.getByTestId('fee-refund')).toContainText('refund: 402 sats');
  await expect(page.getByTestId('fee-lines').getByRole('listitem')).toHaveCount(4);
  await expect(page.getByTestId('worst-case-refund')).toContainText('1,092 sats (lock + cancel + refund fees, out of your BTC');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-review');

  await page.getByTestId('accept-terms').click();
  const start = page.getByTestId('start-swap');
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription(/Bitcoin refund address: Enter a Bitcoin address/);
  await page.getByLabel('Bitcoin refund address').fill('bc1qwrongnetwork00000000000000000000000');
  await expect(page.getByText(/A regtest Bitcoin address starts with/).first()).toBeVisible();
  await page.getByTestId('sandbox-addresses').click();
  await expect(start).toBeEnabled();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-addresses');

  await start.click();
  await expect(page).toHaveURL(new RegExp(`#/swap/${bobId}$`));
  await expect(page.getByTestId('funding-amount')).toContainText('BTC');
  await expect(page.getByRole('img', { name: /QR code: pay/ })).toBeVisible();
  await expect(page.locator('[data-step="fund"]')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled();
  await expect(page.getByTestId('abort')).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-fund');

  current = v.progress;
  await expect(page.getByTestId('tx-lock')).toBeVisible();
  await expect(page.locator('[data-step="progress"]')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('swap-next')).toContainText(current.next);
  await expect(page.getByTestId('abort')).toBeDisabled();
  await expect(page.getByTestId('abort')).toHaveAccessibleDescription(sentence(current.abort.reason));
  await expect(page.locator('[data-node][data-marked="true"]').first()).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-progress');

  current = v.done;
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i);
  await expect(page.getByTestId('tx-buy')).toBeVisible();
  // The whole story: what was sent and received, and every transaction of the view with its id and chain.
  await expect(page.getByTestId('story-received')).toContainText('XMR');
  for (const t of current.txs) await expect(page.locator(`[data-testid="tx-${t.name}"][data-txid="${t.txid}"]`)).toHaveAttribute('data-chain', t.chain);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-done');

  await page.getByRole('link', { name: /^Resume/ }).click();
  await expect(page.getByTestId(`resume-${v.aliceWaiting.summary.swapId}`)).toContainText(v.aliceWaiting.summary.next);
  await expect(page.getByTestId('banner-chain:xmr')).toContainText('Monero chain tip stalled');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'resume-list');

  await page.getByTestId(`continue-${v.aliceWaiting.summary.swapId}`).click();
  await expect(page.getByTestId('swap-stage')).toHaveText(v.aliceWaiting.summary.stage);
  for (const ask of v.aliceWaiting.asks) await expect(page.getByTestId(`ask-${ask.id}`)).toContainText(ask.title);
  await expect(page.getByTestId('deadline-cancel')).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-alice');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId(`history-${bobId}`)).toContainText('swapped');
  await expect(page.getByTestId(`history-${v.refunded.summary.swapId}`)).toContainText(v.refunded.summary.outcome);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'history-list');
  expect(errors).toEqual([]);
});

// The XMR seller's screens (issue 20 item 1), laid out from Alice's views the protocol code computes
// from a simulated happy swap, each given the funding wallet the daemon reports (SwapView.xmrFunding):
// the direction choice, Alice's review and addresses, the funding panel (pay, then x of 10
// confirmations), and the end with the BTC received. Whole swaps on real nodes: e2e/sell-xmr.spec.ts.
test('selling XMR: the direction step, Alice review, addresses, XMR funding panel and end render', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const now = Date.now();
  const alice = aliceViews(now);
  const swapId = alice.early.summary.swapId;
  const fundingAddress = '4' + '8'.repeat(94);
  const funding = (state: NonNullable<SwapView['xmrFunding']>['state'], received: string, confirmations: number): SwapView['xmrFunding'] => ({
    address: fundingAddress,
    piconero: (BigInt(alice.early.summary.xmrPiconero) + 80_010_000n).toString(),
    received,
    confirmations,
    target: 10,
    state,
  });
  const need = (BigInt(alice.early.summary.xmrPiconero) + 80_010_000n).toString();
  let current: SwapView = { ...alice.early, xmrFunding: funding('waiting', '0', 0) };
  const sandboxRoles: (string | undefined)[] = [];
  const reviewOf = (yourRole: 'alice' | 'bob'): OfferReview => ({
    offer: yourRole === 'alice' ? 'fcswap1sandboxmakerbuysxmr' : 'fcswap1sandboxmakersellsxmr',
    offerId: 'ef'.repeat(16),
    network: 'regtest',
    makerRole: yourRole === 'alice' ? 'bob' : 'alice',
    yourRole,
    btcSats: alice.early.summary.btcSats,
    xmrPiconero: alice.early.summary.xmrPiconero,
    fundingSats: yourRole === 'bob' ? '100300' : null,
    feeSatPerKvB: 2000,
    feeEstimateSatPerKvB: 1000,
    fees:
      yourRole === 'alice'
        ? [
            { tx: 'lock', sats: '300', when: 'the BTC seller pays it on top of the amount' },
            { tx: 'buy', sats: '396', when: 'out of the BTC you receive, when the swap completes' },
            { tx: 'cancel', sats: '390', when: 'out of the locked BTC, if the swap is cancelled' },
            { tx: 'punish', sats: '402', when: 'out of the BTC you take, if the BTC seller never refunds after a cancel' },
          ]
        : [{ tx: 'lock', sats: '300', when: 'you pay it on top of the amount, when the BTC is locked' }],
    worstCaseRefundSats: '1092',
    cancelTimelock: 10,
    punishTimelock: 20,
    finalityBtc: 1,
    finalityXmr: 1,
    btcBlockSeconds: 0,
    expiresAt: Math.floor(now / 1000) + 3600,
    maker: 'sandbox maker at 127.0.0.1:41001 (ed25519 7c1e…)',
  });
  await page.route('**/api/invoke', async (route) => {
    const { channel, request } = route.request().postDataJSON() as { channel: ChannelName; request: { swapId?: string; makerRole?: string; offer?: string } };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    switch (channel) {
      case 'app:status':
        return reply(
          answer('app:status', {
            daemon: { state: 'ready', message: 'ready' },
            chains: [
              { chain: 'btc', height: 312, status: 'ok', message: '' },
              { chain: 'xmr', height: 1250, status: 'ok', message: '' },
            ],
            sandbox: { state: 'ready', message: 'sandbox nodes and maker running' },
            notices: [],
          }),
        );
      case 'settings:get':
        return reply(answer('settings:get', { network: 'regtest', sandbox: true, bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }], dataDir: '/tmp/fcswap' }));
      case 'swaps:list':
        return reply(answer('swaps:list', [current.summary]));
      case 'sandbox:offer':
        sandboxRoles.push(request.makerRole);
        return reply(answer('sandbox:offer', { offer: reviewOf(request.makerRole === 'bob' ? 'alice' : 'bob').offer }));
      case 'offer:review':
        return reply(answer('offer:review', reviewOf(request.offer === 'fcswap1sandboxmakerbuysxmr' ? 'alice' : 'bob')));
      case 'sandbox:addresses':
        return reply(answer('sandbox:addresses', { btc: 'rltc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5l62ze4', xmr: '42MLmymi9SW9Ai1fXeg2Gf49S2CrTyPYJG9ru2hQcTWoW2AyUjFRiM4Pc15REsijpBAKZbq71AMFbM9ZsnwFMCdgHari2Rw' }));
      case 'swap:start':
        return reply(answer('swap:start', { swapId }));
      case 'swap:get':
        return reply(answer('swap:get', current));
      default:
        return route.continue();
    }
  });

  await page.goto('/#/wizard');
  // Buying XMR is the default: the sandbox maker that sells XMR is asked for its offer.
  await expect(page.getByTestId('direction-buy')).toBeChecked();
  await expect(page.getByTestId('offer-input')).toHaveValue('fcswap1sandboxmakersellsxmr');
  await page.getByRole('radio', { name: 'Sell XMR for BTC' }).check();
  // The sandbox offer of the other side is replaced by the matching maker's.
  await expect(page.getByTestId('offer-input')).toHaveValue('fcswap1sandboxmakerbuysxmr');
  expect(sandboxRoles).toEqual(['alice', 'bob']);
  await expect(page.locator('#offer-hint')).toContainText('it buys XMR');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-direction');

  await page.getByTestId('review-offer').click();
  await expect(page.getByTestId('review')).toHaveAttribute('data-role', 'alice');
  await expect(page.getByTestId('direction-note')).toHaveCount(0);
  await expect(page.getByTestId('your-side')).toHaveText('Sell XMR for BTC');
  await expect(page.getByTestId('you-send')).toHaveText('1 XMR');
  await expect(page.getByTestId('you-receive')).toContainText('BTC');
  await expect(page.getByTestId('funding-total')).toHaveCount(0);
  await expect(page.getByTestId('xmr-funding-total')).toContainText("1 XMR plus a small reserve for the Monero lock's network fee");
  await expect(page.getByTestId('fee-lock')).toContainText('the BTC seller pays it');
  await expect(page.getByTestId('worst-case-refund')).toContainText('You pay no Bitcoin fee: the BTC seller pays the lock, cancel and refund fees (1,092 sats)');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-review-alice');

  await page.getByTestId('accept-terms').click();
  await expect(page.getByLabel('Bitcoin receive address')).toBeVisible();
  await expect(page.getByTestId('start-swap')).toHaveAccessibleDescription(/Bitcoin receive address: Enter a Bitcoin address/);
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByLabel('Monero refund address')).toHaveValue(/^4/);
  await expect(page.getByTestId('start-swap')).toBeEnabled();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-addresses-alice');

  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(new RegExp(`#/swap/${swapId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Swap');
  await expect(page.getByTestId('screen-swap')).toContainText('Selling XMR for BTC: 1 XMR for');
  const panel = page.getByTestId('xmr-funding');
  await expect(panel).toHaveAttribute('data-state', 'waiting');
  await expect(page.getByTestId('xmr-funding-amount')).toHaveText(`${piconeroToXmr(need, { exact: true })} XMR`);
  await expect(page.getByTestId('xmr-funding-address')).toHaveText(fundingAddress);
  await expect(page.getByRole('img', { name: /QR code: pay 1\.000080010000 XMR to 4888/ })).toBeVisible();
  await expect(page.getByTestId('copy-xmr-address')).toBeVisible();
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled();
  // The hand-paid lock ask is not shown beside the funding wallet: paying both would pay twice.
  await expect(page.getByTestId('ask-lock-xmr')).toHaveCount(0);
  await expect(page.locator('[data-step="fund"]')).toHaveAttribute('aria-current', 'step');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-xmr-fund');

  current = { ...alice.early, xmrFunding: funding('confirming', need, 4) };
  await expect(panel).toHaveAttribute('data-state', 'confirming');
  await expect(page.getByTestId('xmr-funding-confirmations')).toHaveText('4/10 confirmations');
  await expect(page.getByRole('progressbar', { name: 'Monero funding: 4 of 10 confirmations' })).toBeVisible();
  await expect(page.getByTestId('fund-from-sandbox')).toHaveCount(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-xmr-confirming');

  current = { ...alice.done, xmrFunding: funding('locked', need, 40) };
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i);
  await expect(page.getByTestId('swap-result')).toContainText(/You sold 1 XMR and received 0\.\d+ BTC/);
  await expect(panel).toHaveAttribute('data-state', 'locked');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'swap-alice-done');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId(`history-${swapId}`)).toContainText('Selling XMR for BTC');
  await expect(page.getByTestId(`history-${swapId}`)).toContainText('1 XMR for');

  // A pasted offer decides the side: choosing "Sell" and reviewing an offer of a maker who sells XMR
  // turns the wizard to buying, and says so.
  await page.getByRole('link', { name: 'New swap' }).click();
  await page.getByRole('radio', { name: 'Sell XMR for BTC' }).check();
  await page.getByTestId('offer-input').fill('fcswap1sandboxmakersellsxmr');
  await page.getByTestId('review-offer').click();
  await expect(page.getByTestId('direction-note')).toContainText('You chose "Sell XMR for BTC", but this offer\'s maker sells XMR, so with this offer you buy XMR with BTC.');
  await expect(page.getByTestId('your-side')).toHaveText('Buy XMR with BTC');
  expect(errors).toEqual([]);
});

/** Alice's views of a simulated happy swap (the sell-XMR side): one before her lock, and the end. */
function aliceViews(now: number): { early: SwapView; done: SwapView } {
  const run = simulate(7, { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 });
  const states = [...run.alice.snapshots.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  const views = states.map((s) => swapView({ state: s, genesisCreatedAt: now - 600_000, updatedAt: now - 600_000 + s.seq * 1000, live: true }));
  const early = views.find((v) => v.summary.outcome === 'running' && v.steps.some((st) => st.status === 'done'));
  const done = views[views.length - 1];
  if (!early || !done || done.summary.outcome !== 'swapped') throw new Error('the simulated run never showed a running and a swapped Alice');
  return { early, done };
}

// The offer book's layout (issue 21), from book:list answers validated against the channel table:
// both directions in the person's words, an expired offer never shown, the filters and sorts, Take
// handing the offer string to the wizard's review (as a paste would), the empty book's reasons, and
// the relay list in Settings with each relay's state. Real offers from a real relay and whole swaps
// taken from the book: e2e/offer-book.spec.ts.
test('the offer book lists, filters, sorts and takes offers; Settings shows each relay state', async ({ page }) => {
  const errors = collectErrors(page);
  const now = Date.now();
  const secs = Math.floor(now / 1000);
  const book = (p: Partial<BookOffer> & { offerId: string }): BookOffer => ({
    offer: `fcswap1book${p.offerId.slice(0, 4)}`,
    network: 'regtest',
    makerRole: 'alice',
    makerKey: '3f9a'.repeat(16),
    nostrPubkey: 'cd'.repeat(32),
    minBtcSats: '100000',
    maxBtcSats: '1000000',
    xmrPiconero: '1600000000000',
    xmrPerBtcPiconero: '160000000000000',
    cancelTimelock: 12,
    punishTimelock: 24,
    feeSatPerKvB: 2000,
    expiresAt: secs + 3600,
    remaining: 4,
    capacity: 5,
    updatedAt: secs - 90,
    firstSeenAt: now - 60_000,
    relays: ['ws://127.0.0.1:47400'],
    ...p,
  });
  const sells = book({ offerId: 'a1'.repeat(16) });
  const buys = book({ offerId: 'b2'.repeat(16), makerRole: 'bob', xmrPerBtcPiconero: '150000000000000', xmrPiconero: '3000000000000', maxBtcSats: '2000000', minBtcSats: '2000000', remaining: 1, capacity: 1 });
  const cheap = book({ offerId: 'c3'.repeat(16), xmrPerBtcPiconero: '170000000000000', xmrPiconero: '340000000000', maxBtcSats: '200000', updatedAt: secs - 30 });
  const expired = book({ offerId: 'd4'.repeat(16), expiresAt: secs - 5 });
  const mainnet = book({ offerId: 'e5'.repeat(16), network: 'mainnet' });
  let offers: BookOffer[] = [sells, buys, cheap, expired, mainnet];
  const relays: RelayStatus[] = [
    { url: 'ws://127.0.0.1:47400', status: 'connected', lastEventAt: now - 120_000, lastError: null, attempts: 0, source: 'sandbox' },
    { url: 'ws://127.0.0.1:9', status: 'failing', lastEventAt: null, lastError: 'connect ECONNREFUSED 127.0.0.1:9', attempts: 3, source: 'settings' },
  ];
  const reviewed: string[] = [];
  await page.route('**/api/invoke', async (route) => {
    const { channel, request } = route.request().postDataJSON() as { channel: ChannelName; request: { offer?: string } };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    switch (channel) {
      case 'app:status':
        return reply(answer('app:status', { network: 'regtest', daemon: { state: 'ready', message: 'ready' }, chains: [], sandbox: { state: 'ready', message: 'running' }, notices: [] }));
      case 'settings:get':
        return reply(answer('settings:get', { network: 'regtest', sandbox: true, bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }], relays: ['ws://127.0.0.1:9'], dataDir: '/tmp/fcswap' }));
      case 'swaps:list':
        return reply(answer('swaps:list', []));
      case 'book:list':
        return reply(answer('book:list', { offers, relays, ignored: 2 }));
      case 'sandbox:offer':
        return reply({ ok: false, error: { kind: 'not-here', message: 'not in this test' } });
      case 'offer:review': {
        reviewed.push(request.offer ?? '');
        const o = offers.find((x) => x.offer === request.offer)!;
        const yourRole = o.makerRole === 'alice' ? 'bob' : 'alice';
        return reply(
          answer('offer:review', {
            offer: o.offer, offerId: o.offerId, network: o.network, makerRole: o.makerRole, yourRole, btcSats: o.maxBtcSats, xmrPiconero: o.xmrPiconero,
            fundingSats: yourRole === 'bob' ? '1000300' : null, feeSatPerKvB: 2000, feeEstimateSatPerKvB: null,
            fees: [{ tx: 'lock', sats: '300', when: 'when the BTC is locked' }], worstCaseRefundSats: '1092', cancelTimelock: 12, punishTimelock: 24,
            finalityBtc: 1, finalityXmr: 1, btcBlockSeconds: 0, expiresAt: o.expiresAt, maker: `maker ed25519 ${o.makerKey.slice(0, 8)}…`,
          }),
        );
      }
      default:
        return route.continue();
    }
  });

  await page.goto('/#/offers');
  const rows = page.locator('[data-testid^="book-offer-"]');
  // The wallet's network by default: the mainnet offer is filtered out, the expired one never shown.
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('book-count')).toHaveText('3 of 4 live offers shown · 2 invalid events ignored');
  await expect(page.getByTestId(`book-offer-${expired.offerId}`)).toHaveCount(0);
  const sellRow = page.getByTestId(`book-offer-${sells.offerId}`);
  await expect(sellRow.getByTestId('book-way')).toHaveText('Buy XMR with BTC');
  await expect(sellRow).toContainText('0.001 – 0.01 BTC');
  await expect(sellRow).toContainText('for 0.16 – 1.6 XMR');
  await expect(sellRow).toContainText('160 XMR per BTC');
  await expect(sellRow).toContainText('0.00625 BTC per XMR');
  await expect(sellRow).toContainText('cancel 12 blocks');
  await expect(sellRow).toContainText('3f9a3f9a…');
  await expect(sellRow).toContainText('4 of 5');
  await expect(sellRow).toContainText('expires in 1 h');
  await expect(page.getByTestId(`book-offer-${buys.offerId}`).getByTestId('book-way')).toHaveText('Sell XMR for BTC');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'offers-list');

  // Sorted by price both ways, by amount, then filtered by direction and network.
  const order = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('book-offer-'.length, 'book-offer-'.length + 2)));
  await page.getByLabel('Sort by').selectOption({ label: 'Price: most XMR per BTC first' });
  await expect.poll(order).toEqual(['c3', 'a1', 'b2']);
  await page.getByLabel('Sort by').selectOption({ label: 'Price: fewest XMR per BTC first' });
  await expect.poll(order).toEqual(['b2', 'a1', 'c3']);
  await page.getByLabel('Sort by').selectOption({ label: 'Amount: largest first' });
  await expect.poll(order).toEqual(['b2', 'a1', 'c3']);
  await page.getByLabel('Which way').selectOption('sell');
  await expect.poll(order).toEqual(['b2']);
  await page.getByLabel('Network', { exact: true }).selectOption('mainnet');
  await expect(page.getByTestId('book-empty-reason')).toHaveAttribute('data-kind', 'filtered');
  await page.getByRole('button', { name: 'Show every offer' }).click();
  await expect(rows).toHaveCount(4);
  expect(await accessibilityProblems(page)).toEqual([]);

  // Take: the wizard reviews exactly that offer string, on the side chosen in the book (no "you chose" note).
  await page.getByTestId(`take-${buys.offerId}`).click();
  await expect(page.getByTestId('review')).toHaveAttribute('data-role', 'alice');
  await expect(page.getByTestId('direction-note')).toHaveCount(0);
  expect(reviewed).toEqual([buys.offer]);
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByTestId('offer-input')).toHaveValue(buys.offer);
  await expect(page.locator('#offer-hint')).toContainText('taken from the offer book');
  await page.getByTestId('browse-offers').click();
  await expect(page.getByTestId('screen-offers')).toBeVisible();

  // An offer that expires while the page is open goes at the next poll's clock, even if the host still lists it.
  offers = [sells, buys, cheap, book({ offerId: 'f6'.repeat(16), expiresAt: Math.floor(Date.now() / 1000) + 6 })];
  await expect(page.getByTestId(`book-offer-${'f6'.repeat(16)}`)).toBeVisible();
  await expect(page.getByTestId(`book-offer-${'f6'.repeat(16)}`)).toHaveCount(0, { timeout: 15_000 });

  // Empty: connected relays and no offers yet; then no relay answering.
  offers = [];
  await expect(page.getByTestId('book-empty-reason')).toHaveAttribute('data-kind', 'no-offers');
  await expect(page.getByTestId('book-empty')).toContainText('Connected to 1 relay; no maker has published an offer for regtest yet');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'offers-empty');
  relays[0] = { ...relays[0]!, status: 'failing', lastError: 'connect ECONNREFUSED 127.0.0.1:47400', attempts: 2 };
  await expect(page.getByTestId('book-empty-reason')).toHaveAttribute('data-kind', 'failing');
  await expect(page.getByTestId('book-empty')).toContainText('ws://127.0.0.1:47400: connect ECONNREFUSED');
  await page.getByRole('button', { name: 'Open the relay settings' }).click();

  // Settings: the person's relay failing with its error, the sandbox relay shown but not editable.
  await expect(page.getByTestId('screen-settings')).toBeVisible();
  await expect(page.getByTestId('relay-ws://127.0.0.1:9')).toContainText('failing: connect ECONNREFUSED 127.0.0.1:9 (3 attempts)');
  await expect(page.getByTestId('relay-sandbox')).toContainText("the sandbox's local relay; started with the sandbox, not editable");
  await expect(page.getByTestId('relay-sandbox').getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('relays-source')).toHaveText('Using your list.');
  await page.getByRole('button', { name: 'Use the defaults' }).click();
  await expect(page.getByTestId('relays-source')).toContainText('Using the regtest defaults');
  await expect(page.getByTestId('save-relays')).toBeEnabled();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'settings-relay-states');
  expect(errors).toEqual([]);
});
