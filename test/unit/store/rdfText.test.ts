import oxigraph from 'oxigraph';
import { DataFactory as factory } from 'n3';
import { countStatements, errorPosition, freshLabels, nquad, quadHasBlankNode, renameQuad, toOx } from '../../../fabric/store/rdfText.js';

describe('rdfText helpers', () => {
  it('writes N-Quads lines for oxigraph and other RDF/JS quads, escaping newlines', () => {
    const q = factory.quad(factory.namedNode('http://a'), factory.namedNode('http://p'), factory.literal('x\ny', 'en'), factory.namedNode('http://g'));
    expect(nquad(q)).toBe('<http://a> <http://p> "x\\ny"@en <http://g> .');
    expect(toOx(q).equals(oxigraph.quad(oxigraph.namedNode('http://a'), oxigraph.namedNode('http://p'), oxigraph.literal('x\ny', 'en'), oxigraph.namedNode('http://g')))).toBe(true);
  });

  it('renames blank nodes consistently within one load and differently across loads', () => {
    const q = oxigraph.quad(oxigraph.blankNode('a'), oxigraph.namedNode('http://p'), oxigraph.blankNode('a'));
    expect(quadHasBlankNode(q)).toBe(true);
    const first = renameQuad(q, freshLabels());
    const second = renameQuad(q, freshLabels());
    expect(first.subject.value).toBe(first.object.value);
    expect(first.subject.value).not.toBe(second.subject.value);
    expect(first.subject.value).not.toBe('a');
  });

  it('reads positions from oxigraph messages', () => {
    expect(errorPosition('error at 3:14: expected')).toEqual({ line: 3, column: 14 });
    expect(errorPosition('Parser error at line 2 column 7: bad')).toEqual({ line: 2, column: 7 });
    expect(errorPosition('Parser error at line 1 between columns 1 and 4: x')).toEqual({ line: 1, column: 1 });
    expect(errorPosition('no position')).toEqual({});
  });

  it('counts N-Quads statements: not empty lines or comments; LF, CRLF or CR line ends', () => {
    const a = '<http://a> <http://p> "x # not a comment" .';
    expect(countStatements(`# header\n${a}\n\n  \t\n${a}\n   # indented comment\n${a}`)).toBe(3);
    expect(countStatements(`${a}\r\n${a}\r\n`)).toBe(2);
    expect(countStatements(`${a}\r${a}\r# c\r`)).toBe(2);
    expect(countStatements('')).toBe(0);
  });
});
