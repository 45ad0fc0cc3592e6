/** A fresh Idempotency-Key for one attempt (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
