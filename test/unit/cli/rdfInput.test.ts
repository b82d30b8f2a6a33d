import oxigraph from 'oxigraph';
import { chunkRdf } from '../../../fabric/cli/rdfChunks.js';
import { RDF_FORMATS, resolveRdfFormat } from '../../../fabric/cli/rdfFormats.js';

describe('resolveRdfFormat', () => {
  it('goes by extension, or by --format name or media type', () => {
    expect(['a.ttl', 'a.trig', 'a.nt', 'a.nq', 'a.jsonld', 'a.rdf'].map((f) => resolveRdfFormat(f).mediaType)).toEqual([
      'text/turtle', 'application/trig', 'application/n-triples', 'application/n-quads', 'application/ld+json', 'application/rdf+xml']);
    expect(resolveRdfFormat('data.txt', 'nquads')).toBe(RDF_FORMATS.nquads);
    expect(resolveRdfFormat('data.txt', 'text/turtle')).toBe(RDF_FORMATS.turtle);
  });
  it('explains what to do with an unknown extension or format', () => {
    expect(() => resolveRdfFormat('data.txt')).toThrow(/pass --format/);
    expect(() => resolveRdfFormat('a.ttl', 'yaml')).toThrow(/Unknown format "yaml"/);
  });
});

describe('chunkRdf', () => {
  const nq = Array.from({ length: 25 }, (_, i) => `<urn:s${i}> <urn:p> "${i}" <urn:g> .`).join('\n') + '\n';

  it('splits line-based input into chunks by statements, dropping blank and comment lines', () => {
    const c = chunkRdf(`# header\n\n${nq}`, RDF_FORMATS.nquads, 10);
    expect(c.chunks.map((x) => x.split('\n').filter(Boolean).length)).toEqual([10, 10, 5]);
    expect(c.statements).toBe(25);
    expect(c.chunks.join('')).toBe(nq);
  });

  it('keeps a document with blank nodes whole so its blank nodes stay joined', () => {
    const c = chunkRdf('<urn:a> <urn:p> _:x .\n_:x <urn:q> "1" .\n<urn:b> <urn:p> "2" .\n', RDF_FORMATS.ntriples, 1);
    expect(c.chunks).toHaveLength(1);
  });

  it('converts Turtle to N-Triples chunks and TriG to N-Quads chunks with the same statements', () => {
    const ttl = '@prefix ex: <http://ex.org/> .\nex:a ex:p 1, 2, 3 ; ex:q "x"@en .\n';
    const c = chunkRdf(ttl, RDF_FORMATS.turtle, 2);
    expect(c.mediaType).toBe('application/n-triples');
    expect(c.chunks).toHaveLength(2);
    const back = c.chunks.flatMap((x) => oxigraph.parse(x, { format: c.mediaType })).map(String).sort();
    expect(back).toEqual(oxigraph.parse(ttl, { format: 'text/turtle' }).map(String).sort());
    const trig = chunkRdf('<urn:g> { <urn:a> <urn:p> <urn:b> }', RDF_FORMATS.trig, 10);
    expect(trig.mediaType).toBe('application/n-quads');
    expect(trig.chunks).toEqual(['<urn:a> <urn:p> <urn:b> <urn:g> .\n']);
  });

  it('reports syntax errors of non-line formats before anything is sent', () => {
    expect(() => chunkRdf('@prefix ex: <http://ex.org/> .\nex:a ex:p .', RDF_FORMATS.turtle, 10)).toThrow(/line 2/);
  });
});
