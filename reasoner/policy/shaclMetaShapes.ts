/**
 * "Is this valid SHACL?" — the W3C SHACL-SHACL shapes graph (SHACL §C, http://www.w3.org/ns/shacl-shacl#),
 * shipped in shapes/meta/ (see SOURCE.md there), run by shacl-engine over a policy document before it is stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import { ShaclValidator } from '../../fabric/validation/ShaclValidator.js';
import type { ValidationResultEntry } from '../../fabric/validation/ValidationReport.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';

const SHACL_SHACL = 'shapes/meta/shacl-shacl.ttl';
let validator: ShaclValidator | undefined;

function metaValidator(): ShaclValidator {
  if (!validator) {
    const file = join(packageRoot(), SHACL_SHACL);
    validator = new ShaclValidator(new N3.Parser({ baseIRI: 'http://www.w3.org/ns/shacl-shacl#' }).parse(readFileSync(file, 'utf8')));
  }
  return validator;
}

/** SHACL-SHACL results for a shapes document; empty when it is valid SHACL (as far as SHACL-SHACL checks). */
export async function shaclSyntaxResults(quads: readonly RDF.Quad[]): Promise<ValidationResultEntry[]> {
  return (await metaValidator().validate(quads)).results;
}
