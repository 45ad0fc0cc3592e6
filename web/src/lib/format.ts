import { getLanguage } from '../i18n';

/** `pending_review` → `Pending review`. */
export function humanize(value: string): string {
  const text = value.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Shows any JSON value compactly for a diff cell. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Client account states (src/domain/machines/client-account-machine.ts). */
export const CLIENT_STATUSES = ['registered', 'email_verified', 'active', 'restricted', 'closed'] as const;

const STATUS_COLORS: Record<string, string> = {
  active: 'green',
  restricted: 'orange',
  approved: 'green',
  verified: 'green',
  rejected: 'red',
  blocked: 'red',
  suspended: 'red',
  closed: 'gray',
};

export function statusColor(status: string): string {
  return STATUS_COLORS[status] ?? 'blue';
}
