/**
 * Between the page's address (`?at=` an exact ISO instant) and the browser's
 * `datetime-local` input (local wall time to the second). A picked second
 * means "as of the end of that second", so every event shown at that second
 * is included; never later than now (the server refuses the future).
 */
const pad = (n: number) => String(n).padStart(2, '0');

export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The instant to ask for, or null when the input is not a date and time. */
export function fromLocalInput(value: string, now: Date = new Date()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const start = new Date(value);
  if (Number.isNaN(start.getTime())) return null;
  const end = start.getTime() + (value.length > 16 ? 999 : 59_999);
  return new Date(Math.min(end, now.getTime())).toISOString();
}
