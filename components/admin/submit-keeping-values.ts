import { startTransition, type FormEvent } from "react";

/**
 * Submits a form of controlled fields to an action by hand. A form `action` resets the form when it
 * finishes, and the browser then puts back the values first rendered over the ones the fields hold.
 */
export function submitKeepingValues(action: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => action(form));
  };
}
