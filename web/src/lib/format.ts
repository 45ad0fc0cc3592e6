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
  pending: 'blue',
  uploaded: 'blue',
  under_review: 'violet',
  more_documents_required: 'orange',
  escalated: 'grape',
  superseded: 'gray',
  expired: 'red',
  draft: 'gray',
  open: 'red',
  cleared: 'green',
  confirmed: 'red',
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

/** A duration as `2d 3h`, `5h 12m` or `7m` (working time in the back office). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${mins}m`;
  return `${mins}m`;
}

/** `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'medium', timeZone: iso.length === 10 ? 'UTC' : undefined }).format(date);
}

export function riskColor(level: string | null | undefined): string {
  return level === 'high' ? 'red' : level === 'medium' ? 'orange' : level === 'low' ? 'green' : 'gray';
}
