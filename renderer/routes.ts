// Hash routes of the app shell; parsing is total: any unknown hash lands on the resume screen,
// because a running swap must never disappear from view.

export type Route =
  | { name: 'wizard' }
  | { name: 'offers' }
  | { name: 'make-offer' }
  | { name: 'resume' }
  | { name: 'swap'; swapId: string }
  | { name: 'history' }
  | { name: 'settings' }
  | { name: 'protocol' }
  | { name: 'seed' }
  | { name: 'restore' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'wizard':
      return { name: 'wizard' };
    case 'offers':
      return { name: 'offers' };
    case 'make-offer':
      return { name: 'make-offer' };
    case 'history':
      return { name: 'history' };
    case 'settings':
      return { name: 'settings' };
    case 'protocol':
      return { name: 'protocol' };
    case 'seed':
      return { name: 'seed' };
    case 'restore':
      return { name: 'restore' };
    case 'swap':
      return parts[1] && /^[0-9a-f]{32}$/.test(parts[1]) ? { name: 'swap', swapId: parts[1] } : { name: 'resume' };
    default:
      return { name: 'resume' };
  }
}

export const routeHash = (r: Route): string => (r.name === 'swap' ? `#/swap/${r.swapId}` : `#/${r.name}`);
