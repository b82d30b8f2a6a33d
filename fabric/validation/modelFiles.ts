/**
 * Loads the ontology (ontology/*.ttl) and SHACL shapes (shapes/*.ttl) that ship
 * with the package. The package root is found by walking up from this module to
 * the first folder holding package.json, so it works from fabric/ (ts-jest) and
 * from dist/fabric/ (compiled) alike.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';

export function packageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'ontology'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root (package.json + ontology/) above ${start}`);
    dir = parent;
  }
}

function parseTurtleFolder(folder: string): Quad[] {
  const quads: Quad[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ttl')).sort()) {
    const path = join(folder, file);
    quads.push(...new N3.Parser({ baseIRI: `file://${path}` }).parse(readFileSync(path, 'utf8')));
  }
  return quads;
}

/** Quads of ontology/*.ttl (OWL ontology: classes, properties, enumerations). */
export function loadOntology(root: string = packageRoot()): Quad[] {
  return parseTurtleFolder(join(root, 'ontology'));
}

/** Quads of shapes/*.ttl (SHACL shapes). */
export function loadShapes(root: string = packageRoot()): Quad[] {
  return parseTurtleFolder(join(root, 'shapes'));
}

/** The NGSI-LD term map of ontology/context.jsonld (the `@context` object). */
export function loadContext(root: string = packageRoot()): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(join(root, 'ontology', 'context.jsonld'), 'utf8')) as { '@context': Record<string, unknown> };
  return doc['@context'];
}
