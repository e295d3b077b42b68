/** Small accessible building blocks both screens share: loading and error states, forms, fields, tables. */
import { type Signal, useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef } from "preact/hooks";
import { errorText, isOffline } from "./api.ts";

/** A polite live region, so screen readers hear that something is loading. */
export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** An error in the API's own words; `role="alert"` announces it. Offline is said as offline, not as an error. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  if (isOffline(error)) return <Offline />;
  return (
    <p class="error" role="alert">
      {errorText(error)}
    </p>
  );
}

/** The connection is down: what is on screen may be stale, and nothing is lost by waiting. */
export function Offline({ what = "the server" }: { what?: string }) {
  return (
    <p class="banner offline" role="alert" data-state="offline">
      Offline: cannot reach {what}. What is shown may be out of date; this page retries by itself.
    </p>
  );
}

/**
 * The four states a list or page can be in, each its own screen: loading, offline, error (with a retry),
 * and empty (a fact, only ever said after a successful load). Pages use it through `Async` and `Table`.
 */
export function LoadError({ error, retry }: { error: unknown; retry?: () => unknown }) {
  if (isOffline(error)) return <Offline />;
  return (
    <div class="state error" role="alert" data-state="error">
      <p>Could not load this: {errorText(error)}</p>
      {retry && (
        <button type="button" class="secondary" onClick={() => void retry()}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <p class="muted state" data-state="empty">
      {children}
    </p>
  );
}

export interface AsyncState<T> {
  data: Signal<T | undefined>;
  error: Signal<unknown>;
  loading: Signal<boolean>;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` on mount and whenever `deps` change; `reload` runs it again. With `everyMs` it reloads on
 * that period too (live screens that poll), keeping the last good data on screen if a reload fails.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = [], everyMs?: number): AsyncState<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<unknown>(null);
  const loading = useSignal(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    loading.value = true;
    try {
      data.value = await loadRef.current();
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }, []);
  useEffect(() => {
    void reload();
    if (!everyMs) return;
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, deps);
  return { data, error, loading, reload };
}

/** Shows loading, then the error (or offline) with a retry, then `children(data)` (the last good data under a later error). */
export function Async<T>({
  state,
  children,
  what,
}: {
  state: AsyncState<T>;
  children: (data: T) => ComponentChildren;
  /** "Loading alarms…" rather than "Loading…". */
  what?: string;
}) {
  if (state.data.value === undefined) {
    return state.error.value ? (
      <LoadError error={state.error.value} retry={state.reload} />
    ) : (
      <Loading what={what} />
    );
  }
  return (
    <>
      <ErrorNote error={state.error.value} />
      {children(state.data.value)}
    </>
  );
}

let nextId = 0;
const useId = (): string => {
  const ref = useRef<string | undefined>(undefined);
  if (!ref.current) ref.current = `f${++nextId}`;
  return ref.current;
};

interface InputProps {
  label: string;
  value: Signal<string>;
  hint?: string;
  type?: "text" | "email" | "password" | "search" | "number" | "url" | "datetime-local" | "month";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email";
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
}

/** A labelled input bound to a signal; the hint is tied to it with aria-describedby. */
export function Field({ label, value, hint, ...rest }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value.value}
        onInput={(e) => {
          value.value = (e.currentTarget as HTMLInputElement).value;
        }}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...(rest as Record<string, unknown>)}
      />
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A labelled select bound to a signal. */
export function Select({
  label,
  value,
  options,
}: {
  label: string;
  value: Signal<string>;
  options: readonly (string | { value: string; label: string })[];
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value.value}
        onChange={(e) => {
          value.value = (e.currentTarget as HTMLSelectElement).value;
        }}
      >
        {options.map((o) =>
          typeof o === "string" ? (
            <option key={o} value={o}>
              {o}
            </option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </div>
  );
}

/**
 * A form that runs `onSubmit`, disables its button meanwhile and shows the failure in the API's words.
 * The error gets focus-free announcement (role=alert); the button keeps keyboard focus.
 */
export function Form({
  onSubmit,
  submit,
  children,
  label,
}: {
  onSubmit: () => Promise<unknown>;
  submit: string;
  children?: ComponentChildren;
  label?: string;
}) {
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);
  return (
    <form
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        if (busy.value) return;
        busy.value = true;
        error.value = null;
        try {
          await onSubmit();
        } catch (err) {
          error.value = err;
        } finally {
          busy.value = false;
        }
      }}
    >
      {children}
      <ErrorNote error={error.value} />
      <button type="submit" disabled={busy.value} aria-busy={busy.value}>
        {busy.value ? `${submit}…` : submit}
      </button>
    </form>
  );
}

/** A button that runs an action once at a time and reports its failure next to itself. */
export function ActionButton({
  onClick,
  children,
  class: cls,
  label,
}: {
  onClick: () => Promise<unknown>;
  children: ComponentChildren;
  class?: string;
  label?: string;
}) {
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);
  return (
    <span class="action">
      <button
        type="button"
        class={cls}
        aria-label={label}
        disabled={busy.value}
        aria-busy={busy.value}
        onClick={async () => {
          busy.value = true;
          error.value = null;
          try {
            await onClick();
          } catch (err) {
            error.value = err;
          } finally {
            busy.value = false;
          }
        }}
      >
        {children}
      </button>
      <ErrorNote error={error.value} />
    </span>
  );
}

export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
}

/**
 * A captioned table; below 40rem each row becomes a card with its cells labelled by column (styles.css), so a
 * row's actions stay on screen on a phone. A column with an empty label shows no label on the card.
 */
export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty = "Nothing yet.",
  rowAttrs,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: string;
  /** Extra attributes of a row (the one a link points at: `aria-current`). */
  rowAttrs?: (row: T) => Record<string, string>;
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} {...(rowAttrs?.(r) ?? {})}>
              {columns.map((c) => (
                <td key={c.label} data-label={c.label}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Moves focus to the page heading after navigation, so screen readers announce the new page. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    if (typeof children === "string") document.title = `${children} · Outpost`;
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
