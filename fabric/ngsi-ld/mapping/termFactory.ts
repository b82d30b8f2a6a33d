/**
 * A minimal RDF/JS DataFactory (https://rdf.js.org/data-model-spec/) for the mapping's
 * hot path: terms are plain objects with their fields set once. n3's DataFactory parses
 * its internal id string on every `.value` / `.language` / `.datatype` read (measured as
 * the top cost of quadsToEntity), and oxigraph terms cross into WASM (~2 µs each).
 * Quads can be terms (RDF 1.2 triple terms), as rdf:reifies needs.
 */
import type * as RDF from '@rdfjs/types';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

class NamedNode implements RDF.NamedNode {
  readonly termType = 'NamedNode' as const;
  constructor(readonly value: string) {}
  equals(other: RDF.Term | null | undefined): boolean {
    return !!other && other.termType === 'NamedNode' && other.value === this.value;
  }
}

class Literal implements RDF.Literal {
  readonly termType = 'Literal' as const;
  constructor(readonly value: string, readonly language: string, readonly datatype: RDF.NamedNode, readonly direction: '' | 'ltr' | 'rtl' = '') {}
  equals(other: RDF.Term | null | undefined): boolean {
    return !!other && other.termType === 'Literal' && other.value === this.value && other.language === this.language
      && other.datatype.value === this.datatype.value;
  }
}

class BlankNode implements RDF.BlankNode {
  readonly termType = 'BlankNode' as const;
  constructor(readonly value: string) {}
  equals(other: RDF.Term | null | undefined): boolean {
    return !!other && other.termType === 'BlankNode' && other.value === this.value;
  }
}

class Variable implements RDF.Variable {
  readonly termType = 'Variable' as const;
  constructor(readonly value: string) {}
  equals(other: RDF.Term | null | undefined): boolean {
    return !!other && other.termType === 'Variable' && other.value === this.value;
  }
}

class DefaultGraph implements RDF.DefaultGraph {
  readonly termType = 'DefaultGraph' as const;
  readonly value = '' as const;
  equals(other: RDF.Term | null | undefined): boolean {
    return !!other && other.termType === 'DefaultGraph';
  }
}

class Quad implements RDF.BaseQuad {
  readonly termType = 'Quad' as const;
  readonly value = '' as const;
  constructor(readonly subject: RDF.Quad_Subject, readonly predicate: RDF.Quad_Predicate, readonly object: RDF.Quad_Object, readonly graph: RDF.Quad_Graph) {}
  equals(other: RDF.Term | null | undefined): boolean {
    if (!other || other.termType !== 'Quad') return false;
    const q = other as RDF.BaseQuad;
    return q.subject.equals(this.subject) && q.predicate.equals(this.predicate) && q.object.equals(this.object) && q.graph.equals(this.graph);
  }
}

const DEFAULT_GRAPH = new DefaultGraph();
const STRING = new NamedNode(XSD_STRING);
const LANG_STRING = new NamedNode(RDF_LANG_STRING);
const DIR_LANG_STRING = new NamedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString');

/** RDF 1.2 directional language-tagged string (what n3's parser passes for `"…"@en--ltr`). */
interface DirectionalLanguage {
  readonly language: string;
  readonly direction?: '' | 'ltr' | 'rtl';
}

export const termFactory = {
  namedNode: (iri: string): RDF.NamedNode => new NamedNode(iri),
  /** literal(value, languageTag) or literal(value, datatype); xsd:string by default. */
  literal: (value: string, languageOrDatatype?: string | RDF.NamedNode | DirectionalLanguage): RDF.Literal => {
    if (typeof languageOrDatatype === 'string') return new Literal(value, languageOrDatatype, LANG_STRING);
    if (languageOrDatatype && 'language' in languageOrDatatype) {
      return new Literal(value, languageOrDatatype.language, DIR_LANG_STRING, languageOrDatatype.direction ?? '');
    }
    return new Literal(value, '', languageOrDatatype ?? STRING);
  },
  blankNode: (label: string): RDF.BlankNode => new BlankNode(label),
  variable: (name: string): RDF.Variable => new Variable(name),
  defaultGraph: (): RDF.DefaultGraph => DEFAULT_GRAPH,
  quad: (subject: RDF.Quad_Subject, predicate: RDF.Quad_Predicate, object: RDF.Quad_Object | RDF.Quad, graph: RDF.Quad_Graph = DEFAULT_GRAPH): RDF.Quad =>
    new Quad(subject, predicate, object as RDF.Quad_Object, graph) as unknown as RDF.Quad,
};
