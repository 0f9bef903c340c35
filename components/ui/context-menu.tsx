"use client";

import * as ContextMenuPrimitive from "@radix-ui/react-context-menu";
import type { ComponentProps } from "react";
import { menuContentClasses, menuItemClasses, menuSeparatorClasses, type MenuKit } from "./menu";

/**
 * Not modal: a modal menu hides the rest of the page with aria-hidden while its links and buttons stay
 * focusable, which screen readers stumble over. Focus still moves into the menu and back on Escape.
 */
export function ContextMenu(props: ComponentProps<typeof ContextMenuPrimitive.Root>) {
  return <ContextMenuPrimitive.Root modal={false} {...props} />;
}
export const ContextMenuTrigger = ContextMenuPrimitive.Trigger;

/**
 * A touch that ends a long press moves focus back to the tile under the finger, and a menu that is not
 * modal would take that for leaving it and close at once. Tab cannot leave a menu, so only a press
 * outside or Escape closes it.
 */
export function ContextMenuContent({ className = "", ...props }: ComponentProps<typeof ContextMenuPrimitive.Content>) {
  return (
    <ContextMenuPrimitive.Portal>
      <ContextMenuPrimitive.Content
        collisionPadding={8}
        className={`${menuContentClasses} ${className}`}
        onFocusOutside={(event) => event.preventDefault()}
        {...props}
      />
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
