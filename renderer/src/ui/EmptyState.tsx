import type { ReactNode } from 'react';

export function EmptyState({ title, children, icon, actions }: { title: string; children: ReactNode; icon?: ReactNode; actions?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      {icon && <div className="empty-icon">{icon}</div>}
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
      {actions && <div className="empty-actions">{actions}</div>}
    </section>
  );
}
