/**
 * Custom resources for the fake Kubernetes API server: a CustomResourceDefinition (apiextensions.k8s.io/v1, itself
 * checked against the Kubernetes OpenAPI schema by kubernetes-models) becomes a served ResourceType whose objects
 * are validated against the CRD's openAPIV3Schema: types, int32 range, nested properties and array items.
 * Unknown fields are REJECTED (a real API server prunes them by default and rejects them only with
 * fieldValidation=Strict); that strictness is what lets a test prove a CR matches its schema field by field.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import type { ResourceType } from './fakeKubernetesObjectStore.js';

interface SchemaError { instancePath: string; message: string }

function check(schema: any, value: unknown, path: string, errors: SchemaError[]): void {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true || value === undefined) return;
  const type = schema.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const ok = type === undefined
    || (type === 'integer' ? Number.isInteger(value) : type === 'number' ? typeof value === 'number' : actual === type);
  if (!ok) { errors.push({ instancePath: path, message: `must be ${type}` }); return; }
  if (type === 'integer' && schema.format === 'int32' && ((value as number) > 2147483647 || (value as number) < -2147483648)) {
    errors.push({ instancePath: path, message: 'must be a 32-bit integer' });
  }
  if (type === 'array' && schema.items) (value as unknown[]).forEach((item, i) => check(schema.items, item, `${path}/${i}`, errors));
  if (type === 'object' && schema.properties) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!(key in schema.properties)) errors.push({ instancePath: `${path}/${key}`, message: 'unknown field' });
      else check(schema.properties[key], child, `${path}/${key}`, errors);
    }
    for (const key of schema.required ?? []) {
      if ((value as Record<string, unknown>)[key] === undefined) errors.push({ instancePath: `${path}/${key}`, message: 'Required value' });
    }
  }
}

/** The ResourceType of each served version of the CRD in `file` (YAML). */
export function resourceTypesFromCrd(file: string): ResourceType[] {
  const crd = parseYaml(readFileSync(file, 'utf8'));
  new CustomResourceDefinition(crd).validate();
  const { group, names, scope, versions } = crd.spec;
  return versions.filter((v: any) => v.served).map((v: any): ResourceType => ({
    group, version: v.name, plural: names.plural, kind: names.kind, namespaced: scope === 'Namespaced',
    validate: (obj) => {
      const errors: SchemaError[] = [];
      check(v.schema.openAPIV3Schema, obj, '', errors);
      if (errors.length > 0) throw Object.assign(new Error(errors.map((e) => `data${e.instancePath} ${e.message}`).join(', ')), { errors });
    },
  }));
}
