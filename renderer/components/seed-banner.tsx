// The reminder that the wallet seed is not backed up, on a network where that stops every swap (all but
// regtest): one polite banner with the way to the Seed screen, hidden on the seed screens themselves.
// It asks seed:status only (no words); a failed answer shows nothing (the daemon banners say why).
import { useState } from 'react';
import type { SeedStatus } from '../../shared/ipc/seed-channels';
import { api } from '../api';
import { useApp } from '../store';
import { usePoll } from './use-poll';

export function SeedBanner() {
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const [status, setStatus] = useState<SeedStatus | null>(null);
  // The route is the key: coming back from the Seed screen asks again at once.
  usePoll(
    async () => {
      const r = await api.invoke('seed:status', {});
      setStatus(r.ok ? r.value : null);
    },
    15_000,
    { key: route.name },
  );
  if (!status || !status.required || status.backedUp || route.name === 'seed' || route.name === 'restore') return null;
  return (
    <div className="banner warning" role="status" data-testid="banner-seed">
      <strong>Seed not backed up</strong>
      <span>. No swap can start on this network until you write down your 24 words and check three of them.</span>{' '}
      <button type="button" className="link" onClick={() => navigate({ name: 'seed' })}>
        Back up the seed
      </button>
    </div>
  );
}
