/**
 * The `lang` parameter (GS CIM 009 v1.8 §4.15): a language priority list as in HTTP
 * Accept-Language ("fr,en;q=0.8,*"). A LanguageProperty is then returned as a Property
 * whose value is the string in the best matching language, with a `lang` sub-member.
 */
export interface LanguageChoice {
  readonly tag: string;
  readonly text: string | readonly string[];
}

export interface LanguagePreference {
  readonly ranges: readonly string[];
}

/** Parses "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5" into ranges ordered by q (stable). */
export function parseLanguagePreference(lang: string): LanguagePreference {
  const parsed = lang.split(',').map((part, index) => {
    const [range, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    return { range: range.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
  }).filter((r) => r.range.length > 0 && r.q > 0);
  parsed.sort((a, b) => b.q - a.q || a.index - b.index);
  return { ranges: parsed.map((r) => r.range) };
}

/**
 * The entry to return: the first range that matches a tag exactly or as a prefix
 * ("en" matches "en-GB"), "*" matches any; without a match the "@none" entry, else the
 * first entry of the map.
 */
export function chooseLanguage(map: Readonly<Record<string, string | readonly string[]>>, preference: LanguagePreference): LanguageChoice | undefined {
  const tags = Object.keys(map);
  if (tags.length === 0) return undefined;
  for (const range of preference.ranges) {
    if (range === '*') {
      const tag = tags.find((t) => t !== '@none') ?? tags[0];
      return { tag, text: map[tag] };
    }
    const exact = tags.find((t) => t.toLowerCase() === range);
    if (exact) return { tag: exact, text: map[exact] };
    const prefix = tags.find((t) => t.toLowerCase().startsWith(`${range}-`));
    if (prefix) return { tag: prefix, text: map[prefix] };
  }
  const tag = '@none' in map ? '@none' : tags[0];
  return { tag, text: map[tag] };
}
