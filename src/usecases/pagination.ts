/**
 * Cursor pagination over (timestamp DESC, id DESC). The cursor is opaque to
 * callers; a malformed one is a 422, never a 500.
 */
import { ValidationError } from '../domain/errors';
import { isUuid } from '../persistence/ids';

export const PAGE_SIZE = { default: 50, max: 100 } as const;

export interface Cursor {
  at: Date;
  id: string;
}

/** Cursors only ever hold our own timestamps: anything outside 1970–9999 is forged. */
export function isPlausibleInstant(at: Date): boolean {
  const year = at.getUTCFullYear();
  return !Number.isNaN(at.getTime()) && year >= 1970 && year <= 9999;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !isUuid(id) || !isPlausibleInstant(at)) {
    throw new ValidationError('The page cursor is not valid.', { fields: { cursor: 'Not a cursor returned by this list.' } }, 'cursor_invalid');
  }
  return { at, id };
}

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? PAGE_SIZE.default, 1), PAGE_SIZE.max);
}

/** Fetch limit+1 rows; this trims the extra one and makes the next cursor. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null };
}
