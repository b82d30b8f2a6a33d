/**
 * The @context documents this node serves from its own files, never from the network
 * (issue 3: "the core context (bundled; never fetched at run time), the continuum
 * context and the Smart Data Models contexts are served locally"):
 * - the NGSI-LD core context v1.8 (GS CIM 009 Annex B), written from the spec's term
 *   list into ngsi-ld-core-context-v1.8.jsonld beside this file; the URLs of earlier
 *   core context versions resolve to it too (it is a superset of their terms);
 * - the continuum context (ontology/context.jsonld);
 * - the Smart Data Models dataModel.IT context (ontology/sdm-it-context.jsonld), under
 *   the URLs the Smart Data Models examples use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../validation/modelFiles.js';

export type JsonObject = { [key: string]: unknown };

export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
export const CORE_CONTEXT_ALIASES: readonly string[] = [
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
  ...['1.3', '1.4', '1.5', '1.6', '1.7'].map((v) => `https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v${v}.jsonld`),
];
export const CONTINUUM_CONTEXT_URL = 'https://w3id.org/continuum-fabric/context.jsonld';
export const SDM_IT_CONTEXT_URL = 'https://raw.githubusercontent.com/smart-data-models/dataModel.IT/master/context.jsonld';
export const SDM_IT_CONTEXT_ALIASES: readonly string[] = [
  'https://smart-data-models.github.io/dataModel.IT/context.jsonld',
  // The examples point at the all-domains context; locally it serves the IT domain's terms.
  'https://smartdatamodels.org/context.jsonld',
];

export const CORE_CONTEXT_FILE = 'fabric/ngsi-ld/context/ngsi-ld-core-context-v1.8.jsonld';
export const CONTINUUM_CONTEXT_FILE = 'ontology/context.jsonld';
export const SDM_IT_CONTEXT_FILE = 'ontology/sdm-it-context.jsonld';

export interface BundledContext {
  readonly url: string;
  readonly kind: 'core' | 'continuum' | 'smart-data-models';
  readonly document: JsonObject;
}

function readJson(root: string, file: string): JsonObject {
  return JSON.parse(readFileSync(join(root, file), 'utf8')) as JsonObject;
}

/** Every bundled context by URL (aliases included), read once from the package files. */
export function loadBundledContexts(root: string = packageRoot()): Map<string, BundledContext> {
  const core = readJson(root, CORE_CONTEXT_FILE);
  const continuum = readJson(root, CONTINUUM_CONTEXT_FILE);
  const sdm = readJson(root, SDM_IT_CONTEXT_FILE);
  const map = new Map<string, BundledContext>();
  for (const url of [CORE_CONTEXT_URL, ...CORE_CONTEXT_ALIASES]) map.set(url, { url, kind: 'core', document: core });
  map.set(CONTINUUM_CONTEXT_URL, { url: CONTINUUM_CONTEXT_URL, kind: 'continuum', document: continuum });
  for (const url of [SDM_IT_CONTEXT_URL, ...SDM_IT_CONTEXT_ALIASES]) map.set(url, { url, kind: 'smart-data-models', document: sdm });
  return map;
}
