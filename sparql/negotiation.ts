/**
 * Server-driven content negotiation (RFC 9110 §12.5.1 Accept, with q-values
 * and wildcards) over the media types an endpoint offers.
 */
import { NotAcceptableError } from '../fabric/errors/FabricError.js';
import { FORMAT_SHORT_NAMES, MEDIA_TYPE_ALIASES } from './mediaTypes.js';

interface AcceptRange {
  readonly type: string; // e.g. text, *, application
  readonly subtype: string; // e.g. turtle, *
  readonly q: number;
  readonly specificity: number; // 2 exact, 1 type/*, 0 */*
}

/** Parses an Accept header into media ranges; malformed entries are ignored. */
export function parseAccept(accept: string): AcceptRange[] {
  const ranges: AcceptRange[] = [];
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim());
    const slash = range.indexOf('/');
    if (slash <= 0) continue;
    const type = range.slice(0, slash).toLowerCase();
    const subtype = range.slice(slash + 1).toLowerCase();
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(param);
      if (m) q = Math.min(1, Math.max(0, Number(m[1]) || 0));
    }
    const specificity = type === '*' ? 0 : subtype === '*' ? 1 : 2;
    ranges.push({ type, subtype, q, specificity });
  }
  return ranges;
}

/** The q-value the ranges give to one concrete media type (most specific matching range wins). */
function qualityOf(mediaType: string, ranges: readonly AcceptRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best: AcceptRange | undefined;
  for (const r of ranges) {
    const matches = (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype);
    if (matches && (!best || r.specificity > best.specificity)) best = r;
  }
  return best?.q ?? 0;
}

/**
 * Chooses one of `offered` (server preference order) for an Accept header.
 * A missing or empty header means anything (the first offer). Aliases such as
 * application/json count for their canonical type. Throws NotAcceptableError (406).
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string {
  if (!accept || accept.trim() === '') return offered[0];
  const ranges = parseAccept(accept);
  for (const [alias, canonical] of Object.entries(MEDIA_TYPE_ALIASES)) {
    if (!offered.includes(canonical)) continue;
    const [type, subtype] = alias.split('/');
    for (const r of [...ranges]) {
      if (r.type === type && r.subtype === subtype) ranges.push({ ...r, type: canonical.split('/')[0], subtype: canonical.split('/')[1] });
    }
  }
  let chosen: string | undefined;
  let chosenQ = 0;
  for (const mediaType of offered) {
    const q = qualityOf(mediaType, ranges);
    if (q > chosenQ) {
      chosen = mediaType;
      chosenQ = q;
    }
  }
  if (!chosen) throw new NotAcceptableError(`None of the acceptable media types (${accept}) is offered here; available: ${offered.join(', ')}.`);
  return chosen;
}

/**
 * Resolves a ?format= override (short name or media type) against the offers;
 * throws NotAcceptableError when it names a format not offered here.
 */
export function resolveFormatOverride(format: string, offered: readonly string[]): string {
  const lower = format.trim().toLowerCase();
  const mediaType = FORMAT_SHORT_NAMES[lower] ?? MEDIA_TYPE_ALIASES[lower] ?? lower;
  if (!offered.includes(mediaType)) {
    throw new NotAcceptableError(`format=${format} is not available for this result; available: ${offered.join(', ')}.`);
  }
  return mediaType;
}
