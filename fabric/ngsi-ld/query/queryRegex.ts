/**
 * Regular expressions of `~=` / `!~=` (GS CIM 009 v1.8 §4.9) and idPattern: the pattern is kept
 * verbatim; a leading `(?i)` (the inline flag Orion-LD and Scorpio accept) is case-insensitivity,
 * the `i` flag of both SPARQL REGEX and JS.
 */
export function splitRegexFlags(pattern: string): { readonly source: string; readonly flags: string } {
  return pattern.startsWith('(?i)') ? { source: pattern.slice(4), flags: 'i' } : { source: pattern, flags: '' };
}

/** The JS RegExp, or undefined when the pattern is not a valid regular expression. */
export function toRegExp(pattern: string): RegExp | undefined {
  const { source, flags } = splitRegexFlags(pattern);
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}
