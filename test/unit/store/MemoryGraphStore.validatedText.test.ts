/**
 * Lenient parsing only for validated text (ChangeSet.validated, LoadOptions.validated): oxigraph's `lenient`
 * skips its IRI and language-tag validation, so an IRI that the strict parser refuses (`urn:a%zz`, a bad
 * %-escape) is the witness that shows which parse ran. Text from users (load, SPARQL Update, other formats)
 * is always parsed strictly; the NGSI-LD write path sets the flag only after its own checks (entityCommit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';
import { exactChangeText } from '../../../fabric/store/exactChangeText.js';
import { RdfSyntaxError } from '../../../fabric/errors/FabricError.js';

const NQ = 'application/n-quads';
const BAD = 'urn:a%zz'; // not RFC 3987: refused by oxigraph's strict parser, let through by `lenient`
const badLine = `<${BAD}> <urn:p> "v" <urn:g> .\n`;
const goodLine = '<urn:ok> <urn:p> "v" <urn:g> .\n';
/** The quad of goodLine, and the same with the invalid subject (a plain RDF/JS object: oxigraph would not build it). */
const ok = oxigraph.quad(oxigraph.namedNode('urn:ok'), oxigraph.namedNode('urn:p'), oxigraph.literal('v'), oxigraph.namedNode('urn:g'));
const bad = { termType: 'Quad', value: '', subject: { termType: 'NamedNode', value: BAD }, predicate: ok.predicate, object: ok.object, graph: ok.graph } as never;

describe('MemoryGraphStore: lenient parsing only for validated text', () => {
  it('loadGround parses strictly unless the caller says the text is validated', () => {
    const store = new MemoryGraphStore();
    expect(() => store.loadGround(badLine, { format: NQ })).toThrow(RdfSyntaxError);
    expect(store.size()).toBe(0);
    expect(store.loadGround(badLine, { format: NQ, validated: true })?.parsed).toBe(1);
    expect(store.raw.match(null, null, null, null).map((q) => q.subject.value)).toEqual([BAD]);
  });

  it('keeps every user path strict: load (N-Quads, N-Triples, Turtle) and SPARQL Update', async () => {
    const store = new MemoryGraphStore();
    await expect(store.load(badLine, { format: NQ })).rejects.toThrow(RdfSyntaxError);
    await expect(store.load(`<${BAD}> <urn:p> "v" .\n`, { format: 'application/n-triples' })).rejects.toThrow(RdfSyntaxError);
    await expect(store.load(`<${BAD}> <urn:p> _:b .\n`, { format: 'text/turtle' })).rejects.toThrow(RdfSyntaxError);
    await expect(store.update(`INSERT DATA { <${BAD}> <urn:p> "v" }`)).rejects.toThrow();
    expect(store.size()).toBe(0);
  });

  it('applyExactText loads the inserts lenient only when validated, and changes nothing when the strict parse refuses', () => {
    const store = new MemoryGraphStore();
    store.loadGround(goodLine, { format: NQ });
    const text = exactChangeText([ok], [bad])!;
    expect(store.applyExactText(text)).toBe(false);
    expect(store.raw.match(null, null, null, null).map((q) => q.subject.value)).toEqual(['urn:ok']);
    expect(store.applyExactText(text, true)).toBe(true);
    expect(store.raw.match(null, null, null, null).map((q) => q.subject.value)).toEqual([BAD]);
  });
});

describe('DurableGraphStore passes ChangeSet.validated and LoadOptions.validated to the in-memory store', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cf-validated-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a validated load is parsed lenient and logged; an unvalidated one is refused and not logged', async () => {
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await expect(store.load(badLine, { format: NQ })).rejects.toThrow(RdfSyntaxError);
    expect(store.changeCount()).toBe(0);
    await store.load(goodLine + badLine, { format: NQ, validated: true });
    expect(store.changeCount()).toBe(1);
    expect(store.size()).toBe(2);
    await store.close();
    // The log record replays (recovery parses `lenient` too: records were accepted when first applied).
    const reopened = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    expect(reopened.size()).toBe(2);
    await reopened.close();
  });

  it('an exact commit marked validated applies its inserts through the lenient text path', async () => {
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.load(goodLine, { format: NQ });
    await store.commit({ deletes: [ok], inserts: [bad], exactAt: store.changeCount(), validated: true });
    expect(store.raw.match(null, null, null, null).map((q) => q.subject.value)).toEqual([BAD]);
    await store.close();
  });
});
