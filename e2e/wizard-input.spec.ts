// Input that forgives and explains (issue 22), in Debian Chromium through the real Node browser host
// without a daemon: an offer pasted with line breaks (a chat client wrapped it) is reviewed, a damaged
// one says where without repeating it, and the address step marks a Monero address with one wrong
// character and holds "Start the swap" until both addresses are valid.
// The host's review needs the daemon, so `offer:review` is answered inside the page by the host's own
// pure function (shared/offer/offer-review.ts reviewOffer, what electron/app/wallet-actions.ts calls)
// on a real signed offer: the renderer's text reaches the same decoder unchanged. Nothing else is stubbed
// but status and settings. Run alone with its own port: FCSWAP_E2E_PORT=47681 (see playwright.config.ts).
import { ed25519 } from '@noble/curves/ed25519.js';
import { expect, test, type Page } from '@playwright/test';
import { BTC_NETWORKS } from '../shared/crypto/btc-network';
import { encodeStandardAddress } from '../shared/crypto/monero-address';
import { encodeSegwitAddress } from '../shared/crypto/segwit-address';
import type { SwapId } from '../shared/ids';
import type { ChannelName } from '../shared/ipc/channels';
import { createOffer, identityKeyOf } from '../shared/offer/offer';
import { reviewOffer } from '../shared/offer/offer-review';
import { accessibilityProblems } from './a11y-check';
import { answer } from './sim-views';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const NOW = Math.floor(Date.now() / 1000);
const SEED = new Uint8Array(32).fill(5);
const OFFER = must(
  createOffer(
    {
      offerId: '0123456789abcdef0123456789abcdef' as SwapId,
      network: 'regtest',
      makerRole: 'alice',
      btcSats: '1000000',
      xmrPiconero: '1000000000000',
      cancelTimelock: 60,
      punishTimelock: 80,
      fee: { kind: 'fixed', satPerKvB: 2000 },
      expiresAt: NOW + 3600,
      makerKey: identityKeyOf(SEED),
      makerAddress: { host: '127.0.0.1', port: 41999 },
    },
    SEED,
    { nowSec: NOW },
  ),
);
const point = (k: bigint) => ed25519.Point.BASE.multiply(k).toBytes();
const BTC = must(encodeSegwitAddress('rltc', 0, Uint8Array.from({ length: 20 }, (_, i) => i + 3)));
const XMR = must(encodeStandardAddress('mainnet', point(17n), point(19n)));
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** One character of the address changed (the 40th), as a slip of the hand would. */
const XMR_TYPO = `${XMR.slice(0, 39)}${B58[(B58.indexOf(XMR[39]!) + 1) % 58]}${XMR.slice(40)}`;
const wrap = (s: string, width: number, sep: string) => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join(sep);

test('a wrapped offer is reviewed, a damaged one says where, a bad Monero address holds the start', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const reviewed: string[] = [];
  await page.route('**/api/invoke', async (route) => {
    const { channel, request } = route.request().postDataJSON() as { channel: ChannelName; request: { offer?: string } };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    switch (channel) {
      case 'app:status':
        return reply(answer('app:status', { daemon: { state: 'ready', message: 'ready' }, chains: [], sandbox: { state: 'off', message: 'sandbox off' }, notices: [] }));
      case 'settings:get':
        return reply(answer('settings:get', { network: 'regtest', sandbox: false, bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }], moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }], dataDir: '/tmp/fcswap' }));
      case 'offer:review': {
        reviewed.push(request.offer ?? '');
        const r = reviewOffer(request.offer ?? '', { nowSec: Math.floor(Date.now() / 1000), btc: BTC_NETWORKS['litecoin-regtest'], feeEstimateSatPerKvB: null });
        return reply(r.ok ? answer('offer:review', r.value.review) : { ok: false, error: r.error });
      }
      default:
        return route.continue();
    }
  });

  await page.goto('/#/wizard');
  const input = page.getByTestId('offer-input');
  await expect(input).toBeVisible();

  // A damaged offer (one character changed): where, and never the offer itself.
  const at = 100;
  const damaged = `${OFFER.slice(0, at)}${OFFER[at] === 'q' ? 'p' : 'q'}${OFFER.slice(at + 1)}`;
  await input.fill(wrap(damaged, 64, '\n'));
  await page.getByTestId('review-offer').click();
  const error = page.getByTestId('wizard-error');
  await expect(error).toContainText(`character ${at + 1} of ${OFFER.length} (spaces and line breaks not counted)`);
  expect(await error.textContent()).not.toContain(OFFER.slice(20, 60));
  await shot(page, 'wizard-offer-damaged');

  // The same offer wrapped by a chat client (CRLF line breaks, an indent): reviewed as it is.
  const pasted = `  ${wrap(OFFER, 60, '\r\n  ')}\r\n`;
  await input.fill(pasted);
  await page.getByTestId('review-offer').click();
  await expect(page.getByTestId('review')).toBeVisible();
  expect(reviewed.at(-1)).toContain('\n');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Addresses: a Monero address with one wrong character marks the field and holds the start.
  await page.getByTestId('accept-terms').click();
  const start = page.getByTestId('start-swap');
  const xmrField = page.getByTestId('xmr-address');
  await page.getByTestId('btc-address').fill(BTC);
  await expect(page.getByTestId('btc-address-note')).toContainText('litecoind in regtest mode');
  await xmrField.fill(XMR_TYPO);
  await expect(xmrField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#xmr-address-problem')).toHaveText(/^A character is wrong/);
  await expect(xmrField).toHaveAccessibleDescription(/A character is wrong/);
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription(/A character is wrong/);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'wizard-address-typo');

  // A testnet Monero address on this regtest swap: the message says regtest, and why mainnet-format.
  await xmrField.fill(must(encodeStandardAddress('testnet', point(17n), point(19n))));
  await expect(page.locator('#xmr-address-problem')).toHaveText('This is a Monero testnet address. A regtest Monero address starts with 4 or 8 (a regtest Monero node uses mainnet addresses).');
  await expect(start).toBeDisabled();

  await xmrField.fill(XMR);
  await expect(xmrField).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#xmr-address-problem')).toHaveCount(0);
  await expect(start).toBeEnabled();
  expect(errors).toEqual([]);
});
