import { extname } from 'node:path';

/** An RDF serialization the CLI reads: its media type and whether it carries named graphs (quads). */
export interface RdfFormat {
  readonly name: string;
  readonly mediaType: string;
  readonly quads: boolean;
  /** One statement per line (N-Triples / N-Quads): can be split into chunks without parsing. */
  readonly lineBased: boolean;
}

export const RDF_FORMATS: Readonly<Record<string, RdfFormat>> = {
  turtle: { name: 'turtle', mediaType: 'text/turtle', quads: false, lineBased: false },
  trig: { name: 'trig', mediaType: 'application/trig', quads: true, lineBased: false },
  ntriples: { name: 'ntriples', mediaType: 'application/n-triples', quads: false, lineBased: true },
  nquads: { name: 'nquads', mediaType: 'application/n-quads', quads: true, lineBased: true },
  jsonld: { name: 'jsonld', mediaType: 'application/ld+json', quads: true, lineBased: false },
  rdfxml: { name: 'rdfxml', mediaType: 'application/rdf+xml', quads: false, lineBased: false },
};

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.ttl': 'turtle', '.turtle': 'turtle', '.trig': 'trig', '.nt': 'ntriples', '.ntriples': 'ntriples',
  '.nq': 'nquads', '.nquads': 'nquads', '.jsonld': 'jsonld', '.json': 'jsonld', '.rdf': 'rdfxml', '.owl': 'rdfxml', '.xml': 'rdfxml',
};

/** The format named by --format (name or media type), else the one the file extension implies. */
export function resolveRdfFormat(file: string, explicit?: string): RdfFormat {
  if (explicit) {
    const found = RDF_FORMATS[explicit.toLowerCase()] ?? Object.values(RDF_FORMATS).find((f) => f.mediaType === explicit.toLowerCase());
    if (!found) throw new Error(`Unknown format "${explicit}". Use one of: ${Object.keys(RDF_FORMATS).join(', ')} (or their media types).`);
    return found;
  }
  const name = BY_EXTENSION[extname(file).toLowerCase()];
  if (!name) {
    throw new Error(`Cannot tell the RDF format of ${file} from its extension; pass --format (${Object.keys(RDF_FORMATS).join(', ')}).`);
  }
  return RDF_FORMATS[name];
}
