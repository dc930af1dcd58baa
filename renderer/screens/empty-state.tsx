// One look for "nothing here yet" across screens: a title, what will appear, and what to do now.
import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="empty" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <div className="empty-body">{props.children}</div>
    </section>
  );
}
