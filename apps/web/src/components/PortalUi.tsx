import type { ReactNode } from 'react';

/**
 * Plain-markup stand-ins, drawn like Ant Design with the platform's theme (global.css, "Portal UI"), for the parts the
 * pages a link or a report's QR code opens cold show: the home page, a profile and a report's or a check's
 * verification. Ant Design's provider, theme algorithm and CSS-in-JS alone are ~40 kB gzipped, and its Card brings Tabs
 * and Menu: these keep those pages' first load within 150 kB (SPEC §6, issue 20 item 3). 关怀模式 reaches them through
 * the --care-* variables of global.css.
 */

/** A titled panel (Ant Design's Card). */
export function PortalCard({
  title,
  extra,
  className,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={className ? `portal-card ${className}` : 'portal-card'}>
      <header className="portal-card-head">
        <h2 className="portal-card-title">{title}</h2>
        {extra && <div className="portal-card-extra">{extra}</div>}
      </header>
      <div className="portal-card-body">{children}</div>
    </section>
  );
}

export interface Fact {
  key: string;
  label: ReactNode;
  children: ReactNode;
  /** Takes a whole row where two facts share one on a wide screen. */
  span?: 'filled';
}

/** Labelled values in a bordered grid, two to a row from 768 px, one on a phone (Ant Design's bordered Descriptions). */
export function FactList({ title, items, className }: { title?: ReactNode; items: Fact[]; className?: string }) {
  return (
    <div className={className ? `fact-list ${className}` : 'fact-list'}>
      {title && <div className="fact-list-title">{title}</div>}
      <dl className="fact-list-grid">
        {items.map((item) => (
          <div key={item.key} className={item.span === 'filled' ? 'fact fact-filled' : 'fact'}>
            <dt>{item.label}</dt>
            <dd>{item.children}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Ant Design's preset and status tag colours the portal uses; their shades are the theme's readable ones (theme.ts). */
export type TagColor =
  | 'default'
  | 'success'
  | 'processing'
  | 'error'
  | 'warning'
  | 'red'
  | 'volcano'
  | 'orange'
  | 'gold'
  | 'green';

export function PortalTag({
  color = 'default',
  solid = false,
  className,
  children,
}: {
  color?: TagColor;
  solid?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const classes = ['portal-tag', `portal-tag-${color}`, solid && 'portal-tag-solid', className].filter(Boolean);
  return <span className={classes.join(' ')}>{children}</span>;
}

type ResultStatus = 'success' | 'warning' | 'error' | '404';

const RESULT_SIGNS: Record<ResultStatus, string> = { success: '✓', warning: '!', error: '✕', '404': '404' };

/** A page's verdict or outcome with its sign, title and explanation (Ant Design's Result). */
export function PortalResult({
  status,
  title,
  subTitle,
  extra,
  role,
  children,
}: {
  status: ResultStatus;
  /** A heading element: the page decides its level. */
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  role?: 'alert';
  children?: ReactNode;
}) {
  return (
    <div className={`portal-result portal-result-${status}`} role={role}>
      <div className="portal-result-sign" aria-hidden="true">
        {RESULT_SIGNS[status]}
      </div>
      <div className="portal-result-title">{title}</div>
      {subTitle && <div className="portal-result-subtitle">{subTitle}</div>}
      {extra && <div className="portal-result-extra">{extra}</div>}
      {children && <div className="portal-result-content">{children}</div>}
    </div>
  );
}

/** A message in a coloured box (Ant Design's Alert); an error is announced at once (role="alert"). */
export function PortalAlert({
  type,
  title,
  description,
  action,
  className,
}: {
  type: 'error' | 'info';
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const classes = ['portal-alert', `portal-alert-${type}`, className].filter(Boolean).join(' ');
  return (
    <div className={classes} role={type === 'error' ? 'alert' : undefined}>
      <span className="portal-alert-sign" aria-hidden="true">
        {type === 'error' ? '✕' : 'i'}
      </span>
      <div className="portal-alert-content">
        <div className="portal-alert-title">{title}</div>
        {description && <div className="portal-alert-description">{description}</div>}
      </div>
      {action && <div className="portal-alert-action">{action}</div>}
    </div>
  );
}

/** Grey bars where text will come (Ant Design's Skeleton); read out as 加载中. */
export function PortalSkeleton({ rows = 3, title = true }: { rows?: number; title?: boolean }) {
  return (
    <div className="portal-skeleton" role="status">
      <span className="visually-hidden">加载中</span>
      {title && <span className="portal-skeleton-title" aria-hidden="true" />}
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical bars, never reordered
        <span key={index} className="portal-skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}
