/**
 * Form fields and page pieces of the console. Every field has a visible label, its hint and error tied
 * to it with aria-describedby, and aria-invalid when wrong; a form's errors are also summed up at its
 * top, in an alert that takes focus and links to each field.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { MessageKey } from '../../i18n/index.js';
import { useI18n } from '../../pages/i18n-context.js';
import type { ApiError } from './api.js';

export type FieldErrors = Record<string, string | undefined>;

type BaseFieldProps = {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
};

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  required,
  children,
}: BaseFieldProps & { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="hint"> ({t('c.optional')})</span>}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  ...field
}: BaseFieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'date' | 'number';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'url' | 'numeric' | 'decimal';
}) {
  return (
    <FieldFrame {...field}>
      <input
        id={field.id}
        name={field.id}
        type={type}
        value={value}
        required={field.required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(field.id, field.hint, field.error)}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export function TextArea({
  value,
  onChange,
  rows = 4,
  readOnly,
  ...field
}: BaseFieldProps & { value: string; onChange: (value: string) => void; rows?: number; readOnly?: boolean }) {
  return (
    // A read-only field is not asked for, so it is not called optional either.
    <FieldFrame {...field} required={Boolean(field.required || readOnly)}>
      <textarea
        id={field.id}
        name={field.id}
        rows={rows}
        value={value}
        readOnly={readOnly}
        required={field.required}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(field.id, field.hint, field.error)}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  value,
  onChange,
  options,
  ...field
}: BaseFieldProps & {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <FieldFrame {...field}>
      <select
        id={field.id}
        name={field.id}
        value={value}
        required={field.required}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(field.id, field.hint, field.error)}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** The form's problems, announced and focused (after each attempt to send it), each a link to its field. */
export function ErrorSummary({
  errors,
  labels,
  detail,
  focusKey,
}: {
  errors: FieldErrors;
  labels: Record<string, string>;
  detail?: string | undefined;
  /** Changes when the summary should take the focus: a new attempt, the server's answer. */
  focusKey: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const shown = entries.length > 0 || Boolean(detail);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus on each new attempt, not on each keystroke
  useEffect(() => {
    if (shown) {
      ref.current?.focus();
    }
  }, [focusKey]);
  if (!shown) {
    return null;
  }
  return (
    <div className="notice notice-bad" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>{t('c.form.problems')}</strong>
      </p>
      {detail ? <p>{detail}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([id, message]) => (
            <li key={id}>
              <a href={`#${id}`}>
                {labels[id] ?? id}: {message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export type FormErrors = {
  /** What is wrong now, by field id: the form's own checks (in the current language), then the server's. */
  errors: FieldErrors;
  /** A problem that belongs to no field. */
  detail: string | undefined;
  focusKey: string;
  /** On submit: counts the attempt, forgets the server's last answer; true when the form may be sent. */
  check: () => boolean;
  /** The server's problem+json, on the fields it names. */
  fromServer: (error: ApiError, fields: Record<string, string>) => void;
  setDetail: (detail: string | undefined) => void;
  setFieldError: (id: string, message: string | undefined) => void;
  /** After a success: no attempt yet. */
  reset: () => void;
};

/**
 * A form's errors. The form's own checks are run again at each render once it has been sent, so their
 * messages follow the language and clear as the fields are corrected; the server's stay until the next try.
 */
export function useFormErrors(validate: () => FieldErrors): FormErrors {
  const [attempt, setAttempt] = useState(0);
  const [server, setServer] = useState<FieldErrors>({});
  const [detail, setDetail] = useState<string | undefined>();
  const own = attempt > 0 ? validate() : {};
  const errors: FieldErrors = { ...server };
  for (const [id, message] of Object.entries(own)) {
    if (message) {
      errors[id] = message;
    }
  }
  const serverKey = Object.entries(server)
    .map(([id, message]) => `${id}:${message ?? ''}`)
    .join('|');
  return {
    errors,
    detail,
    focusKey: `${attempt}|${detail ?? ''}|${serverKey}`,
    check: () => {
      setAttempt((value) => value + 1);
      setServer({});
      setDetail(undefined);
      return !Object.values(validate()).some(Boolean);
    },
    fromServer: (error, fields) => {
      const mapped = fieldErrorsFrom(error, fields);
      setServer(mapped.errors);
      setDetail(mapped.rest);
    },
    setDetail,
    setFieldError: (id, message) => setServer((previous) => ({ ...previous, [id]: message })),
    reset: () => {
      setAttempt(0);
      setServer({});
      setDetail(undefined);
    },
  };
}

/**
 * The server's per-field problems (problem+json `errors[]`, paths like `recipient.email`) on the form's
 * fields; what matches no field stays in `rest`.
 */
export function fieldErrorsFrom(
  error: ApiError,
  fields: Record<string, string>,
): { errors: FieldErrors; rest: string | undefined } {
  const errors: FieldErrors = {};
  const unmatched: string[] = [];
  for (const problem of error.errors) {
    const field = fields[problem.path] ?? fields[problem.path.split('.')[0] ?? ''];
    if (field && !errors[field]) {
      errors[field] = problem.message;
    } else {
      unmatched.push(`${problem.path}: ${problem.message}`);
    }
  }
  const rest =
    unmatched.length > 0
      ? unmatched.join('; ')
      : error.errors.length === 0
        ? (error.detail ?? error.title)
        : undefined;
  return { errors, rest };
}

/** A page's heading (focused after navigation) and its actions. */
export function PageHead({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  return (
    <div className="page-head">
      <h1 id={id} tabIndex={-1}>
        {title}
      </h1>
      {children ? <div className="action-row">{children}</div> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="note" role="status">
      {t('c.loading')}
    </p>
  );
}

/** A failed load: the server's words, or that this server does not have the API yet. */
export function LoadError({ error, feature }: { error: ApiError; feature?: MessageKey }) {
  const { t } = useI18n();
  if (error.isMissingRoute) {
    return (
      <div className="notice notice-info" role="status">
        <p>{t('c.missingApi', { feature: feature ? t(feature) : (error.detail ?? '') })}</p>
      </div>
    );
  }
  return (
    <div className="notice notice-bad" role="alert">
      <p>
        <strong>{error.title}</strong>
      </p>
      {error.detail ? <p>{error.detail}</p> : null}
    </div>
  );
}

export function StatusPill({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`status-pill status-${status}`}>{t(`c.status.${status}` as MessageKey)}</span>;
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A table that scrolls sideways on a narrow screen, reachable and named for keyboard users. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-wrap" aria-labelledby={id} tabIndex={0}>
      <h2 id={id} className="visually-hidden">
        {label}
      </h2>
      {children}
    </section>
  );
}

/**
 * A list page's body: the load error, "loading", the empty state, or the table of the items — the
 * states every list of the console goes through.
 */
export function ResourceList<T>({
  resource,
  emptyTitle,
  emptyText,
  label,
  children,
}: {
  resource: { data: { items: T[] } | undefined; error: ApiError | undefined; loading: boolean };
  emptyTitle: string;
  emptyText: string;
  /** The table's name, for the scrolling region. */
  label: string;
  children: (items: T[]) => ReactNode;
}) {
  const { data, error, loading } = resource;
  return (
    <>
      {error ? <LoadError error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState title={emptyTitle}>
          <p>{emptyText}</p>
        </EmptyState>
      ) : null}
      {data && data.items.length > 0 ? <TableWrap label={label}>{children(data.items)}</TableWrap> : null}
    </>
  );
}

/**
 * A colour: the browser's picker, and the same value as #RRGGBB text beside it (the picker alone is
 * hard to use with a screen reader or to paste a brand colour into). The text field is the labelled one.
 */
export function ColorField({
  value,
  onChange,
  ...field
}: BaseFieldProps & { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const valid = /^#[0-9A-Fa-f]{6}$/.test(value);
  const error = field.error ?? (valid ? undefined : t('c.design.colorInvalid'));
  return (
    <FieldFrame {...field} required error={error} hint={field.hint ?? t('c.design.colorHint')}>
      <div className="color-field">
        <input
          type="color"
          aria-label={t('c.design.colorPicker', { name: field.label })}
          value={valid ? value.toLowerCase() : '#000000'}
          onChange={(event) => onChange(event.currentTarget.value.toUpperCase())}
        />
        <input
          id={field.id}
          name={field.id}
          type="text"
          value={value}
          maxLength={7}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(field.id, field.hint ?? t('c.design.colorHint'), error)}
          onChange={(event) => onChange(event.currentTarget.value.trim())}
        />
      </div>
    </FieldFrame>
  );
}

/** A checkbox with its label beside it. */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {label}
      </label>
    </div>
  );
}
