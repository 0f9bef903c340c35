import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** What every field has around its control: the label, an optional hint, and the error that refused it. */
type Frame = { id: string; label: string; hint?: ReactNode; error?: string; hideLabel?: boolean };

const controlClasses =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500";

function controlProps({ id, hint, error }: Frame) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

function FieldFrame({ id, label, hint, error, hideLabel, children }: Frame & { children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-700"}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The control's own attributes; its look is the field's. */
type Control<Attributes> = Omit<Attributes, "id" | "className"> & Frame;

export function Field({ label, hint, error, hideLabel, id, ...input }: Control<InputHTMLAttributes<HTMLInputElement>>) {
  const frame = { id, label, hint, error, hideLabel };
  return (
    <FieldFrame {...frame}>
      <input {...controlProps(frame)} className={controlClasses} {...input} />
    </FieldFrame>
  );
}

export function TextareaField({
  label,
  hint,
  error,
  hideLabel,
  id,
  ...textarea
}: Control<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const frame = { id, label, hint, error, hideLabel };
  return (
    <FieldFrame {...frame}>
      <textarea {...controlProps(frame)} className={`${controlClasses} resize-y`} {...textarea} />
    </FieldFrame>
  );
}

/**
 * Uncontrolled like the other fields, and remade when its default changes: a form reset puts a select
 * back on the option it was first rendered with, so the kept value has to be that first one.
 */
export function SelectField({
  label,
  hint,
  error,
  hideLabel,
  id,
  options,
  ...select
}: Control<SelectHTMLAttributes<HTMLSelectElement>> & { options: readonly { value: string; label: string }[] }) {
  const frame = { id, label, hint, error, hideLabel };
  return (
    <FieldFrame {...frame}>
      <select key={String(select.defaultValue)} {...controlProps(frame)} className={controlClasses} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * Radio buttons as bordered choices. Uncontrolled: `defaultValue` marks the choice a form reset returns
 * to, so a form that follows the choice in state passes that state here.
 */
export function ChoiceField<Value extends string>({
  legend,
  name,
  options,
  defaultValue,
  onChange,
  error,
  inline = false,
}: {
  legend: string;
  name: string;
  options: readonly { value: Value; label: string }[];
  defaultValue: Value;
  onChange?: (value: Value) => void;
  error?: string;
  inline?: boolean;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className={`mt-1.5 ${inline ? "flex flex-wrap gap-2" : "grid gap-1.5"}`}>
        {options.map((option) => (
          <label
            key={option.value}
            className="flex cursor-pointer items-center gap-2.5 rounded-lg border border-slate-200 px-3 py-2 text-sm text-slate-800 has-checked:border-brand-500 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-100"
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              defaultChecked={option.value === defaultValue}
              onChange={() => onChange?.(option.value)}
              className="size-4 shrink-0 accent-brand-600"
            />
            {option.label}
          </label>
        ))}
      </div>
      {error ? <p className="mt-1.5 text-sm text-red-600">{error}</p> : null}
    </fieldset>
  );
}
