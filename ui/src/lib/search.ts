/** Whether `q` occurs in any of `texts` (case-insensitive); an empty query matches all. */
export function matches(q: string, ...texts: (string | null | undefined)[]): boolean {
  const needle = q.trim().toLowerCase();
  return needle === "" || texts.some((t) => t?.toLowerCase().includes(needle));
}
