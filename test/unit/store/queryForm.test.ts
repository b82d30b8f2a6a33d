import { queryForm, looksLikeUpdate } from '../../../fabric/store/queryForm.js';

describe('queryForm (SPARQL 1.1 Query §16 forms after the prologue)', () => {
  it.each([
    ['SELECT * WHERE { ?s ?p ?o }', 'SELECT'],
    ['ask {}', 'ASK'],
    ['PREFIX ex: <http://e/#> CONSTRUCT WHERE { ?s ?p ?o }', 'CONSTRUCT'],
    ['# a comment mentioning SELECT\nBASE <http://b/#frag>\nPREFIX : <http://e/x#>\nPREFIX a:<http://a/> DESCRIBE <http://x>', 'DESCRIBE'],
    ['PREFIX select: <http://e/> ASK { ?s select:p ?o }', 'ASK'],
    ['prefix # comment between\n ex: # again\n <http://e#> construct {} where {}', 'CONSTRUCT'],
  ])('%s → %s', (text, form) => expect(queryForm(text)).toBe(form));

  it('returns undefined for updates and garbage', () => {
    expect(queryForm('INSERT DATA { <a> <b> <c> }')).toBeUndefined();
    expect(queryForm('PREFIX ex: <http://e/> ')).toBeUndefined();
    expect(queryForm('SELEC * {}')).toBeUndefined();
  });

  it('recognises update operations', () => {
    expect(looksLikeUpdate('PREFIX ex: <http://e/#> DELETE WHERE { ?s ?p ?o }')).toBe(true);
    expect(looksLikeUpdate('with <http://g> insert { } where { }')).toBe(true);
    expect(looksLikeUpdate('SELECT * {}')).toBe(false);
  });
});

describe('queryForm (more cases)', () => {
  it('reads the form after the prologue, whose IRIs may contain #', () => {
    expect(queryForm('PREFIX ex: <http://example.org/ns#>\n# a comment with SELECT\nBASE <http://b/#x> ask { ?s ?p ?o }')).toBe('ASK');
    expect(queryForm('  construct where { ?s ?p ?o }')).toBe('CONSTRUCT');
    expect(queryForm('DESCRIBE <http://a>')).toBe('DESCRIBE');
    expect(queryForm('prefix : <http://x/> SELECT * {}')).toBe('SELECT');
  });

  it('returns undefined for updates and garbage', () => {
    expect(queryForm('INSERT DATA {}')).toBeUndefined();
    expect(queryForm('PREFIX ex: <http://unterminated')).toBeUndefined();
    expect(queryForm('')).toBeUndefined();
  });
});
