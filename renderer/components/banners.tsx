// In-app warnings from app:status: daemon, nodes, chain tips, and notices that need the person.
// Danger is an alert (announced at once); the rest are polite status messages.
import { sentence } from '../logic/format';
import { bannersOf } from '../logic/notices';
import { useApp } from '../store';

export function Banners() {
  const status = useApp((s) => s.status);
  const hostError = useApp((s) => s.hostError);
  const settingsError = useApp((s) => s.error);
  const navigate = useApp((s) => s.navigate);
  const banners = bannersOf(status, hostError);
  if (settingsError) banners.push({ id: 'settings', level: 'warning', title: 'Settings not saved', message: settingsError.message });
  if (banners.length === 0) return null;
  return (
    <div className="banners" data-testid="banners">
      {banners.map((b) => (
        <div key={b.id} className={`banner ${b.level}`} role={b.level === 'danger' ? 'alert' : 'status'} data-testid={`banner-${b.id}`}>
          <strong>{b.title}</strong>
          {b.message && <span>. {sentence(b.message)}</span>}
          {b.swapId && (
            <button type="button" className="link" onClick={() => navigate({ name: 'swap', swapId: b.swapId! })}>
              Open swap {b.swapId.slice(0, 8)}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
