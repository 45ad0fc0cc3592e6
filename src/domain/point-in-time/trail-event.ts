/**
 * One audit event of a client's stream as the point-in-time fold reads it:
 * the stored row with its values already parsed from jsonb (dates are ISO
 * strings there, bigints digit strings). Pure: no database types.
 */
export interface TrailEvent {
  id: string;
  /** Position in the client's hash-chained stream (a bigint as digits). */
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  note: string | null;
}

export type Values = Record<string, unknown>;

/** The event's new values, `{}` when it wrote none. */
export function newOf(event: TrailEvent): Values {
  return event.newValues ?? {};
}

export function oldOf(event: TrailEvent): Values {
  return event.oldValues ?? {};
}

/** A string value, or undefined when the key is missing or holds something else (older event shapes). */
export function text(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

/** A string or an explicit null; undefined when the event did not say. */
export function textOrNull(values: Values, key: string): string | null | undefined {
  const value = values[key];
  return value === null ? null : typeof value === 'string' ? value : undefined;
}

export function integer(values: Values, key: string): number | undefined {
  const value = values[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function has(values: Values, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, key);
}

export function record(values: Values, key: string): Values | undefined {
  const value = values[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : undefined;
}

export function strings(values: Values, key: string): string[] | undefined {
  const value = values[key];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}
