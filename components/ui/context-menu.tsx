"use client";

import * as ContextMenuPrimitive from "@radix-ui/react-context-menu";
import type { ComponentProps } from "react";
import { menuContentClasses, menuItemClasses, menuSeparatorClasses, type MenuKit } from "./menu";

export const ContextMenu = ContextMenuPrimitive.Root;
export const ContextMenuTrigger = ContextMenuPrimitive.Trigger;

export function ContextMenuContent({ className = "", ...props }: ComponentProps<typeof ContextMenuPrimitive.Content>) {
  return (
    <ContextMenuPrimitive.Portal>
      <ContextMenuPrimitive.Content collisionPadding={8} className={`${menuContentClasses} ${className}`} {...props} />
    </ContextMenuPrimitive.Portal>
  );
}

export function ContextMenuItem({ className = "", ...props }: ComponentProps<typeof ContextMenuPrimitive.Item>) {
  return <ContextMenuPrimitive.Item className={`${menuItemClasses} ${className}`} {...props} />;
}

export function ContextMenuSeparator() {
  return <ContextMenuPrimitive.Separator className={menuSeparatorClasses} />;
}

export const contextMenuKit: MenuKit = { Item: ContextMenuItem, Separator: ContextMenuSeparator };
