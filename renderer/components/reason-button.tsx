// A button that, when it cannot act, says why: the reason is shown beside it and tied to it with
// aria-describedby. It stays focusable (aria-disabled, not disabled) so a keyboard user reaches it
// and hears the reason.
import type { ReactNode } from 'react';
import { sentence } from '../logic/format';

export function ReasonButton(props: {
  id: string;
  reason: string | null;
  onClick: () => void;
  children: ReactNode;
  kind?: 'primary' | 'secondary' | 'danger';
  testId?: string;
}) {
  const blocked = props.reason !== null;
  const whyId = `${props.id}-why`;
  return (
    <span className="reason-button">
      <button
        id={props.id}
        type="button"
        className={props.kind ?? 'primary'}
        aria-disabled={blocked || undefined}
        aria-describedby={blocked ? whyId : undefined}
        data-testid={props.testId}
        onClick={() => {
          if (!blocked) props.onClick();
        }}
      >
        {props.children}
      </button>
      {blocked && (
        <span id={whyId} className="why">
          {sentence(props.reason ?? '')}
        </span>
      )}
    </span>
  );
}
