// The browser host's secret as the page keeps it: taken from the printed link (`?token=`) on load,
// kept in sessionStorage for this tab (a reload keeps working), removed from the address bar so it is
// not left in the history, a bookmark or a screenshot. Pure over the three browser objects it is given.
// Invariants: a token in the URL wins over a kept one (a new start of the host prints a new link);
// the rest of the URL (path, other parameters, the #/route) is kept as it was.

export const PAGE_TOKEN_KEY = 'fcswap.hostToken';

export interface PageTokenPlaces {
  readonly href: string;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** history.replaceState with the address the page should show instead. */
  replaceUrl(url: string): void;
}

/** The secret this page sends with every API call, or null when it was opened without the link. */
export function takePageToken(p: PageTokenPlaces): string | null {
  const url = new URL(p.href);
  const given = url.searchParams.get('token');
  if (given !== null) {
    if (given !== '') p.storage.setItem(PAGE_TOKEN_KEY, given);
    url.searchParams.delete('token');
    p.replaceUrl(`${url.pathname}${url.search}${url.hash}`);
  }
  return p.storage.getItem(PAGE_TOKEN_KEY) || null;
}
