import type { ReactNode } from "react";

/** The top of every page: its one h1, a line saying what the page is for, and the page's own controls. */
export function PageHeader({
  title,
  children,
  actions,
}: {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">{title}</h1>
        {children ? <p className="mt-1 text-sm text-slate-600 wrap-anywhere">{children}</p> : null}
      </div>
      {actions}
    </header>
  );
}
