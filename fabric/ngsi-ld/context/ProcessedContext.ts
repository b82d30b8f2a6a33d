/**
 * A JSON-LD active context reduced to what the NGSI-LD codec needs, built once per
 * @context (GS CIM 009 §5.5.7; W3C JSON-LD 1.1 API §4.1 context processing is done by
 * jsonld.js, which reads the term definitions) and then answering in O(1):
 * - expandTerm: attribute names and entity types → IRIs (IRI expansion with vocab = true,
 *   JSON-LD 1.1 API §5.2: term, compact IRI `prefix:suffix`, absolute IRI, then @vocab —
 *   the core context's https://uri.etsi.org/ngsi-ld/default-context/);
 * - compactIri: IRIs → the term, compact IRI or vocab-relative name that JSON-LD
 *   compaction picks for a plain property or type (JSON-LD 1.1 API §6.2 IRI compaction:
 *   shortest term, then lexicographically least; then vocab-relative; then the
 *   shortest compact IRI).
 */

export interface TermDefinitionSummary {
  readonly iri: string;
  /** Type coercion (@id, @vocab, @json, or a datatype IRI). */
  readonly type?: string;
  readonly container?: readonly string[];
  readonly isPrefix: boolean;
}

/** The subset of jsonld.js's active context this class reads. */
export interface JsonLdActiveContext {
  readonly mappings: Map<string, Record<string, unknown>>;
  readonly '@vocab'?: string;
}

export class ProcessedContext {
  private readonly terms = new Map<string, TermDefinitionSummary>();
  private readonly reverse = new Map<string, string>();
  private readonly prefixes: Array<{ prefix: string; iri: string }> = [];
  private readonly expandCache = new Map<string, string>();
  private readonly compactCache = new Map<string, string>();
  readonly vocab: string | undefined;

  /**
   * @param active jsonld.js active context (from jsonld.processContext)
   * @param key    cache key the resolver used (URL list or canonical JSON)
   * @param source the @context value as the client sent it (echoed in responses)
   */
  constructor(active: JsonLdActiveContext, readonly key: string, readonly source: unknown) {
    this.vocab = typeof active['@vocab'] === 'string' ? active['@vocab'] : undefined;
    for (const [term, def] of active.mappings) {
      if (!def || typeof def['@id'] !== 'string') continue; // null mappings (term: null) drop the term
      const container = def['@container'] as string[] | undefined;
      const summary: TermDefinitionSummary = {
        iri: def['@id'] as string,
        ...(typeof def['@type'] === 'string' ? { type: def['@type'] as string } : {}),
        ...(container ? { container } : {}),
        isPrefix: def._prefix === true,
      };
      this.terms.set(term, summary);
      if (summary.iri.startsWith('@')) continue;
      // Reverse map for IRI compaction: plain terms (no coercion, no container) win, then shortest, then least.
      const current = this.reverse.get(summary.iri);
      if (current === undefined || better(term, summary, current, this.terms.get(current)!)) this.reverse.set(summary.iri, term);
      // jsonld.js marks terms usable as prefixes (JSON-LD 1.1 §4.2.2: simple definitions ending in a gen-delim).
      if (summary.isPrefix) this.prefixes.push({ prefix: term, iri: summary.iri });
    }
  }

  /** The term definition of a term, if the context defines it. */
  definition(term: string): TermDefinitionSummary | undefined {
    return this.terms.get(term);
  }

  /**
   * IRI expansion with vocab = true (JSON-LD 1.1 API §5.2). Returns undefined for a
   * term mapped to null or for a name that cannot become an IRI (no @vocab).
   */
  expandTerm(term: string): string | undefined {
    const cached = this.expandCache.get(term);
    if (cached !== undefined) return cached;
    const result = this.expandUncached(term);
    if (result !== undefined && this.expandCache.size < 50_000) this.expandCache.set(term, result);
    return result;
  }

  private expandUncached(term: string): string | undefined {
    const def = this.terms.get(term);
    if (def) return def.iri;
    if (term.startsWith('@')) return term;
    const colon = term.indexOf(':');
    if (colon > 0) {
      const prefix = term.slice(0, colon);
      const suffix = term.slice(colon + 1);
      if (prefix === '_' || suffix.startsWith('//')) return term; // blank node or absolute IRI
      const prefixDef = this.terms.get(prefix);
      if (prefixDef && !prefixDef.iri.startsWith('@')) return prefixDef.iri + suffix;
      return term; // absolute IRI (urn:…, http:…)
    }
    return this.vocab !== undefined ? this.vocab + term : undefined;
  }

  /** IRI compaction for a property name or a type (vocab = true). */
  compactIri(iri: string): string {
    const cached = this.compactCache.get(iri);
    if (cached !== undefined) return cached;
    const result = this.compactUncached(iri);
    if (this.compactCache.size < 50_000) this.compactCache.set(iri, result);
    return result;
  }

  private compactUncached(iri: string): string {
    const term = this.reverse.get(iri);
    if (term !== undefined) return term;
    if (this.vocab !== undefined && iri.startsWith(this.vocab) && iri.length > this.vocab.length) {
      const suffix = iri.slice(this.vocab.length);
      if (!this.terms.has(suffix)) return suffix;
    }
    let best: string | undefined;
    for (const { prefix, iri: base } of this.prefixes) {
      if (iri.length <= base.length || !iri.startsWith(base)) continue;
      const candidate = `${prefix}:${iri.slice(base.length)}`;
      if (this.terms.has(candidate)) continue;
      if (best === undefined || candidate.length < best.length || (candidate.length === best.length && candidate < best)) best = candidate;
    }
    return best ?? iri;
  }
}

function better(term: string, def: TermDefinitionSummary, current: string, currentDef: TermDefinitionSummary): boolean {
  const plain = !def.type && !def.container;
  const currentPlain = !currentDef.type && !currentDef.container;
  if (plain !== currentPlain) return plain;
  if (term.length !== current.length) return term.length < current.length;
  return term < current;
}
