"use client";

import { useEffect, useEffectEvent } from "react";

export type Shortcuts = Partial<Record<string, () => void>>;

/** Fields where a letter is text, not a command. Checkboxes and radios take no text. */
const typingFields =
  "textarea, select, input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])";

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches(typingFields));
}

/**
 * Single-key commands for the whole page, keyed by the lower-case letter (or "?"). They stay quiet
 * while the agent types, while a dialog is open, and when a modifier makes the key someone else's.
 */
export function useShortcuts(shortcuts: Shortcuts) {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || document.querySelector('[role="dialog"]')) return;
    const run = shortcuts[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!run) return;
    event.preventDefault();
    run();
  });
  useEffect(() => {
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
