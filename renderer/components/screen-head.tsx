// Each screen's one h1 (focusable, so route changes can move focus to it) and an optional lede.
import type { ReactNode } from 'react';

export function ScreenHead(props: { title: ReactNode; lede?: ReactNode }) {
  return (
    <div className="screen-head">
      <h1 tabIndex={-1}>{props.title}</h1>
      {props.lede && <p className="lede">{props.lede}</p>}
    </div>
  );
}
