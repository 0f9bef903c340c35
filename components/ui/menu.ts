import type { ComponentType, ReactNode } from "react";

/** One look for context menus and dropdown menus, which often list the same items. */

export const menuContentClasses =
  "z-50 min-w-52 max-w-[calc(100vw-1rem)] overflow-hidden rounded-lg border border-slate-200 bg-white p-1 text-sm text-slate-800 shadow-lg outline-none";

export const menuItemClasses =
  "flex min-h-9 cursor-default select-none items-center gap-2 rounded-md px-2.5 py-1.5 outline-none data-highlighted:bg-brand-50 data-highlighted:text-brand-700 data-disabled:cursor-not-allowed data-disabled:text-slate-500";

export const menuSeparatorClasses = "-mx-1 my-1 h-px bg-slate-200";

/** The parts a list of items is built from, so that one list can fill either kind of menu. */
export type MenuKit = {
  Item: ComponentType<{
    children: ReactNode;
    disabled?: boolean;
    asChild?: boolean;
    onSelect?: (event: Event) => void;
  }>;
  Separator: ComponentType;
};
