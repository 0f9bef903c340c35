/** A checkbox that reads as an on/off switch; a changed, unsaved cell is ringed. */
export function EligibilitySwitch({
  label,
  checked,
  changed,
  onChange,
}: {
  label: string;
  checked: boolean;
  changed: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={label}
      checked={checked}
      onChange={(event) => onChange(event.target.checked)}
      className={`relative h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-slate-300 transition-colors before:absolute before:left-0.5 before:top-0.5 before:size-4 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-brand-600 checked:before:translate-x-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${changed ? "ring-2 ring-amber-400 ring-offset-1" : ""}`}
    />
  );
}
