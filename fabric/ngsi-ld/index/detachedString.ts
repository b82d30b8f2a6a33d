/**
 * A copy of a string that does not point into another one. V8 keeps a substring of a long string (what n3 and the
 * change-record scan return: slices of a graph's or a commit record's N-Quads text) as a pointer into its parent,
 * so a substring kept for long keeps its whole parent alive: the read index's cached entities did (cachedEntityForm.ts),
 * and the type directory kept every coalesced create record's text (≈ 0.8 MB per record, ≈ 28–42 KB per created
 * entity) through the ids and type IRIs it holds (docs/benchmarks.md §4 "Lead's run on HEAD, idle machine").
 */
export function detached(s: string): string {
  // Strings under 13 chars are never slices in V8; JSON.parse builds a fresh (one-byte when it can) string.
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
