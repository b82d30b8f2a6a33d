/**
 * The NGSI-LD Query Language parser (GS CIM 009 v1.8 §4.9): valid forms give the expected tree,
 * invalid ones an InvalidRequest with the 1-based position and what was expected (§5.5.1).
 */
import { InvalidRequestError } from '../../../../fabric/errors/FabricError.js';
import { parseQ } from '../../../../fabric/ngsi-ld/query/parseQ.js';

function errorOf(q: string): InvalidRequestError {
  try {
    parseQ(q);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestError);
    return e as InvalidRequestError;
  }
  throw new Error(`parseQ accepted ${q}`);
}

describe('§4.9 comparisons and values', () => {
  test.each([
    ['temperature==20', '==', { kind: 'number', value: 20 }],
    ['temperature!=-3.5', '!=', { kind: 'number', value: -3.5 }],
    ['temperature>1e3', '>', { kind: 'number', value: 1000 }],
    ['temperature>=0', '>=', { kind: 'number', value: 0 }],
    ['temperature<.5', '<', { kind: 'number', value: 0.5 }],
    ['temperature<=7', '<=', { kind: 'number', value: 7 }],
    ['name=="Main \\"A\\" street"', '==', { kind: 'string', value: 'Main "A" street' }],
    ['on==true', '==', { kind: 'boolean', value: true }],
    ['on==false', '==', { kind: 'boolean', value: false }],
    ['t>2018-12-04T12:00:00Z', '>', { kind: 'dateTime', value: '2018-12-04T12:00:00Z' }],
    ['t>2018-12-04T12:00:00.25+01:00', '>', { kind: 'dateTime', value: '2018-12-04T12:00:00.25+01:00' }],
    ['d<2018-12-04', '<', { kind: 'date', value: '2018-12-04' }],
    ['t<12:30:00Z', '<', { kind: 'time', value: '12:30:00Z' }],
    ['owner==urn:ngsi-ld:Person:1', '==', { kind: 'uri', value: 'urn:ngsi-ld:Person:1' }],
    ['seeAlso==https://example.org/a?b=c', '==', { kind: 'uri', value: 'https://example.org/a?b=c' }],
  ])('%s', (q, operator, value) => {
    expect(parseQ(q)).toEqual({ kind: 'compare', path: expect.objectContaining({ attributes: [q.split(/[=!<>]/)[0]] }), operator, target: { kind: 'value', value } });
  });

  test('ranges and value lists (§4.9 CompEqualityValue)', () => {
    expect(parseQ('t==1..5')).toMatchObject({ operator: '==', target: { kind: 'range', from: { value: 1 }, to: { value: 5 } } });
    expect(parseQ('t!=2018-01-01T00:00:00Z..2019-01-01T00:00:00Z')).toMatchObject({
      operator: '!=', target: { kind: 'range', from: { kind: 'dateTime' }, to: { kind: 'dateTime' } },
    });
    expect(parseQ('c=="red","green",3')).toMatchObject({
      target: { kind: 'list', values: [{ kind: 'string', value: 'red' }, { kind: 'string', value: 'green' }, { kind: 'number', value: 3 }] },
    });
    expect(parseQ('r==urn:a:1,urn:a:2')).toMatchObject({ target: { kind: 'list', values: [{ kind: 'uri', value: 'urn:a:1' }, { kind: 'uri', value: 'urn:a:2' }] } });
  });

  test('patterns ~= and !~= keep the regular expression verbatim', () => {
    expect(parseQ('name~=^Sen.*[0-9]$')).toEqual({ kind: 'pattern', path: expect.anything(), negated: false, pattern: '^Sen.*[0-9]$' });
    expect(parseQ('name!~=(?i)room')).toMatchObject({ kind: 'pattern', negated: true, pattern: '(?i)room' });
    // '|' and ')' inside the pattern's own groups or classes belong to it; at depth 0 they end it
    expect(parseQ('(n~=^(a|b)[)|]$|m)')).toMatchObject({ kind: 'or', operands: [{ kind: 'pattern', pattern: '^(a|b)[)|]$' }, { kind: 'exists' }] });
    expect(parseQ('n~=a\\;b;m')).toMatchObject({ kind: 'and', operands: [{ kind: 'pattern', pattern: 'a\\;b' }, { kind: 'exists' }] });
  });

  test('attribute existence: a name alone', () => {
    expect(parseQ('temperature')).toEqual({ kind: 'exists', path: { attributes: ['temperature'], position: 1 } });
  });

  test("attribute non-existence: '!' before a path (as Orion-LD, docs/ngsi-ld-mapping.md), in ';' '|' and parentheses", () => {
    expect(parseQ('!temperature')).toEqual({ kind: 'notExists', path: { attributes: ['temperature'], position: 2 } });
    expect(parseQ('!a.b.observedAt')).toEqual({ kind: 'notExists', path: { attributes: ['a', 'b'], member: 'observedAt', position: 2 } });
    expect(parseQ('!a[b.c]')).toMatchObject({ kind: 'notExists', path: { attributes: ['a'], jsonPath: ['b', 'c'] } });
    expect(parseQ('(!a|b==1);!c.d')).toMatchObject({
      kind: 'and', operands: [
        { kind: 'or', operands: [{ kind: 'notExists', path: { attributes: ['a'], position: 3 } }, { kind: 'compare' }] },
        { kind: 'notExists', path: { attributes: ['c', 'd'], position: 12 } },
      ],
    });
    // '!=' and '!~=' stay operators
    expect(parseQ('a!=1')).toMatchObject({ kind: 'compare', operator: '!=' });
    expect(parseQ('a!~=x')).toMatchObject({ kind: 'pattern', negated: true });
  });

  test('a language path into a LanguageProperty parses as a one-key path (a[en])', () => {
    expect(parseQ('label[en]=="Hello"')).toMatchObject({ kind: 'compare', path: { attributes: ['label'], jsonPath: ['en'] } });
    expect(parseQ('label[en-GB]~=^H')).toMatchObject({ kind: 'pattern', path: { attributes: ['label'], jsonPath: ['en-GB'] } });
  });
});

describe('§4.9 attribute paths', () => {
  test('dotted sub-attribute path with positions', () => {
    expect(parseQ('a==1;b.c.d>2')).toEqual({
      kind: 'and', operands: [
        { kind: 'compare', path: { attributes: ['a'], position: 1 }, operator: '==', target: { kind: 'value', value: { kind: 'number', value: 1 } } },
        { kind: 'compare', path: { attributes: ['b', 'c', 'd'], position: 6 }, operator: '>', target: { kind: 'value', value: { kind: 'number', value: 2 } } },
      ],
    });
  });

  test.each(['observedAt', 'createdAt', 'modifiedAt', 'unitCode', 'datasetId'])('instance member .%s', (member) => {
    expect(parseQ(`speed.accuracy.${member}`)).toEqual({ kind: 'exists', path: { attributes: ['speed', 'accuracy'], member, position: 1 } });
  });

  test('JSON paths a[b.c] and a[b][c]', () => {
    expect(parseQ('config[net.port]==80')).toMatchObject({ path: { attributes: ['config'], jsonPath: ['net', 'port'] } });
    expect(parseQ('config[net][port]==80')).toMatchObject({ path: { attributes: ['config'], jsonPath: ['net', 'port'] } });
    expect(parseQ('a.b[c]')).toMatchObject({ kind: 'exists', path: { attributes: ['a', 'b'], jsonPath: ['c'] } });
  });
});

describe('§4.9 attribute names: terms, compact IRIs, full IRIs (dots included), double-quoted names', () => {
  test.each([
    ['https://w3id.org/aerOS/continuum#cpuCores>4', ['https://w3id.org/aerOS/continuum#cpuCores'], undefined],
    ['https://smartdatamodels.org/dataModel.Energy/acPowerInput', ['https://smartdatamodels.org/dataModel.Energy/acPowerInput'], undefined],
    ['https://w3id.org/aerOS/continuum#cpuCores.observedAt>2020-01-01', ['https://w3id.org/aerOS/continuum#cpuCores'], 'observedAt'],
    ['"https://example.org/ns#a.b"==1', ['https://example.org/ns#a.b'], undefined],
    ['"https://example.org/ns#speed".accuracy<2', ['https://example.org/ns#speed', 'accuracy'], undefined],
    ['speed."https://example.org/ns#accuracy".unitCode', ['speed', 'https://example.org/ns#accuracy'], 'unitCode'],
    ['https://example.org/ns#speed."https://example.org/ns#acc"', ['https://example.org/ns#speed', 'https://example.org/ns#acc'], undefined],
    ['speed.https://example.org/ns#acc.datasetId', ['speed', 'https://example.org/ns#acc'], 'datasetId'],
    ['aeros:cpuCores.observedAt', ['aeros:cpuCores'], 'observedAt'],
    ['ex:path/to#x==1', ['ex:path/to#x'], undefined],
    ['ｎａｍｅ=="１２３４"', ['ｎａｍｅ'], undefined],
    ['"observedAt"', ['observedAt'], undefined],
  ])('%s', (q, attributes, member) => {
    const e = parseQ(q) as { path: { attributes: readonly string[]; member?: string } };
    expect(e.path.attributes).toEqual(attributes);
    expect(e.path.member).toBe(member);
  });

  test('an IRI ends before operators, logical operators and parentheses', () => {
    expect(parseQ('(https://a.org/x!=1|https://a.org/y!~=z);https://a.org/~u')).toMatchObject({
      kind: 'and', operands: [
        { kind: 'or', operands: [{ path: { attributes: ['https://a.org/x'] }, operator: '!=' }, { kind: 'pattern', negated: true, path: { attributes: ['https://a.org/y'] } }] },
        { kind: 'exists', path: { attributes: ['https://a.org/~u'] } },
      ],
    });
    expect(parseQ('!https://a.org/x')).toMatchObject({ kind: 'notExists', path: { attributes: ['https://a.org/x'], position: 2 } });
  });

  test.each([
    ['w3id.org/aerOS/continuum#cpuCores>4', 9], // a term cannot hold '/' or '#': only a compact IRI's suffix or a full IRI can
    ['a.#b', 3],
    ['""==1', 1],
    ['a."".b', 3],
    ['#x', 1],
  ])('%j → 400 at position %i', (q, position) => {
    expect(errorOf(q).extensions).toEqual({ parameter: 'q', position });
  });
});

describe('§4.9 logical operators and parentheses', () => {
  test("';' (AND) binds tighter than '|' (OR)", () => {
    expect(parseQ('a|b;c')).toMatchObject({ kind: 'or', operands: [{ kind: 'exists' }, { kind: 'and', operands: [{}, {}] }] });
  });

  test('parentheses group', () => {
    expect(parseQ('(a|b);c')).toMatchObject({ kind: 'and', operands: [{ kind: 'or' }, { kind: 'exists', path: { attributes: ['c'] } }] });
    expect(parseQ('((a==1))')).toMatchObject({ kind: 'compare' });
  });
});

describe('syntax errors carry the 1-based position and what was expected', () => {
  test.each([
    ['', 1, 'an attribute name'],
    ['a==', 4, 'a value'],
    ['a==1;', 6, 'an attribute name'],
    ['(a==1', 6, "')'"],
    ['a==1)', 5, "';', '|' or the end"],
    ['a>1..5', 3, "a single value after '>'"],
    ['a=="open', 9, "closing '\"'"],
    ['a.==1', 3, 'a sub-attribute name'],
    ['a[b==1', 4, "'.' or ']'"],
    ['a~=(', 4, 'a valid regular expression'],
    ['a = 1', 2, "';', '|' or the end"],
    ['a==1..', 7, 'a value'],
    ['!', 2, 'an attribute name'],
    ['a;!', 4, 'an attribute name'],
    ['!(a)', 2, 'an attribute name'],
    ['!!a', 2, 'an attribute name'],
    ['!a==1', 3, "no comparison after '!'"],
    ['(!a>1)', 4, "no comparison after '!'"],
    ['!a~=x', 3, "no comparison after '!'"],
  ])('%j → position %i', (q, position, expected) => {
    const e = errorOf(q);
    expect(e.extensions).toEqual({ parameter: 'q', position });
    expect(e.message).toContain(`position ${position}`);
    expect(e.message).toContain(expected);
  });
});
