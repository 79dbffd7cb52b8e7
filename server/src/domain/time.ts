/** Epoch milliseconds as the API writes them (ISO-8601, UTC), null stays null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

/** Epoch milliseconds as ISO-8601 (non-null). */
export function isoAt(ms: number): string {
  return new Date(Number(ms)).toISOString();
}
