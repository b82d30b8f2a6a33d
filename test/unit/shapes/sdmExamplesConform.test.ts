/**
 * Every Smart Data Models dataModel.IT normalized example (test/fixtures/smart-data-models,
 * see SOURCE.md), converted to natural RDF through ontology/context.jsonld, conforms to shapes/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import { formatReport } from '../../../fabric/validation/ValidationReport.js';
import { loadContext, loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { NgsiLdToNaturalRdf } from './ngsiLdToNaturalRdf.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/smart-data-models');
const examples = readdirSync(FIXTURES).filter((f) => f.endsWith('.normalized.jsonld')).sort();
// Attributes an example uses that are not in its own schema / the SDM context (upstream inconsistency).
const KNOWN_UNMAPPED: Record<string, string[]> = { 'CloudRegion.normalized.jsonld': ['contactPoint'] };

describe('Smart Data Models examples conform to the shapes', () => {
  const validator = new ShaclValidator(loadShapes());
  const converter = new NgsiLdToNaturalRdf(loadContext(), loadOntology());

  it('finds the 13 dataModel.IT examples', () => {
    expect(examples).toHaveLength(13);
  });

  it.each(examples)('%s', async (file) => {
    const entity = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
    const { quads, unmapped } = await converter.convert(entity);
    expect(unmapped).toEqual(KNOWN_UNMAPPED[file] ?? []);
    const typeQuads = quads.filter((q) => q.predicate.value.endsWith('#type'));
    expect(typeQuads).toHaveLength(1);
    // every attribute except location and the known unmapped ones yields at least one triple
    const attributes = Object.keys(entity).filter((k) => !['id', 'type', '@context', 'location', ...(KNOWN_UNMAPPED[file] ?? [])].includes(k));
    const predicates = new Set(quads.map((q) => q.predicate.value));
    expect(predicates.size - 1).toBe(attributes.length);
    const report = await validator.validate(quads);
    if (!report.conforms) throw new Error(formatReport(report));
    expect(report.results).toEqual([]);
  });
});
