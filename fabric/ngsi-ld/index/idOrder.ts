/**
 * The order of entity ids in query results (GS CIM 009 v1.8 §6.3.10 paging): the order of SPARQL
 * `ORDER BY ?id` on IRIs, which oxigraph compares byte-wise in UTF-8, i.e. by Unicode code point.
 * JS compares strings by UTF-16 code unit, which differs for code points above U+FFFF.
 */

/** Maps a UTF-16 code unit so that unit order is code point order. */
function unitRank(c: number): number {
  if (c >= 0xe000) return c - 0x800;
  if (c >= 0xd800) return c + 0x2000; // surrogates encode code points above U+FFFF
  return c;
}

/** Code point order of two strings. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  return unitRank(a.charCodeAt(i)) - unitRank(b.charCodeAt(i));
}
