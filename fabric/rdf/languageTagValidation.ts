/**
 * Is a string a well-formed BCP 47 language tag (RFC 5646 §2.1 `langtag` or a private-use tag `x-…`)?
 * At least as strict as oxigraph's strict parsers (oxilangtag): text whose every language tag passed this
 * check may be loaded with oxigraph's `lenient` option (property test in test/unit/rdf/languageTagValidation.test.ts).
 * Stricter in two places, on purpose: the irregular grandfathered tags of §2.2.8 (`i-klingon`, `en-GB-oed`, …,
 * all deprecated) are refused, and so are repeated variants or extension singletons (§2.2.5, §2.2.6 make such
 * tags invalid). Used for NGSI-LD LanguageProperty keys (GS CIM 009 §4.5.18).
 */

const ALPHANUM = '[A-Za-z0-9]';
/** language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA; extlang = 3ALPHA *2("-" 3ALPHA). */
const LANGUAGE = '(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})';
const SCRIPT = '(?:-[A-Za-z]{4})?';
const REGION = '(?:-(?:[A-Za-z]{2}|[0-9]{3}))?';
const VARIANTS = `((?:-(?:${ALPHANUM}{5,8}|[0-9]${ALPHANUM}{3}))*)`;
/** extension = singleton 1*("-" 2*8alphanum), singleton any alphanumeric but x. */
const EXTENSIONS = `((?:-[0-9A-WYZa-wyz](?:-${ALPHANUM}{2,8})+)*)`;
const PRIVATE_USE = `(?:-[Xx](?:-${ALPHANUM}{1,8})+)?`;
const LANGTAG = new RegExp(`^${LANGUAGE}${SCRIPT}${REGION}${VARIANTS}${EXTENSIONS}${PRIVATE_USE}$`);
const PRIVATE_USE_TAG = new RegExp(`^[Xx](?:-${ALPHANUM}{1,8})+$`);

function hasRepeats(items: readonly string[]): boolean {
  return new Set(items.map((s) => s.toLowerCase())).size !== items.length;
}

/** True when `tag` is a well-formed BCP 47 language tag without repeated variants or singletons. */
export function isValidLanguageTag(tag: string): boolean {
  if (PRIVATE_USE_TAG.test(tag)) return true;
  const m = LANGTAG.exec(tag);
  if (!m) return false;
  const variants = m[1] ? m[1].slice(1).split('-') : [];
  const singletons = m[2] ? m[2].slice(1).split('-').filter((s) => s.length === 1) : [];
  return !hasRepeats(variants) && !hasRepeats(singletons);
}
