/**
 * The focus nodes a check of proposed placements evaluates (docs/policies.md "Affected focus nodes"): the components,
 * their services (aeros:isPartOfService), the proposed IEs, the components' current IEs and those IEs' domains, and the
 * proposed IEs' domains. One SPARQL query, in two forms: the nodes (PolicyService.check) or, for placement's fast path
 * (prefixVerdicts.ts), the nodes with the component or IE they come from, so that the affected nodes of every prefix of
 * a plan come from one query.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { POLICY } from './policyVocabulary.js';

type Rows = ReadonlyArray<readonly [string, string]>;

function affectedQuery(rows: Rows, projection: string): string {
  // VALUES inside each branch: oxigraph evaluates UNION branches on their own, so an outer VALUES would not bind them.
  const components = `VALUES ?c { ${[...new Set(rows.map(([c]) => `<${c}>`))].join(' ')} }`;
  const ies = `VALUES ?ie { ${[...new Set(rows.map(([, ie]) => `<${ie}>`))].join(' ')} }`;
  return `SELECT DISTINCT ${projection} WHERE { { ${components} ?c <${POLICY.isPartOfService}> ?n }
      UNION { ${components} ?c <${POLICY.infrastructureElement}> ?n } UNION { ${components} ?c <${POLICY.infrastructureElement}> ?old . ?old <${POLICY.domain}> ?n }
      UNION { ${ies} ?ie <${POLICY.domain}> ?n } FILTER(isIRI(?n)) }`;
}

/** The affected nodes of a check of `rows`. */
export async function affectedNodes(store: GraphStore, rows: Rows): Promise<string[]> {
  const nodes = new Set<string>(rows.flat());
  const result = await store.query(affectedQuery(rows, '?n'));
  if (result.kind === 'bindings') for (const row of result.rows) nodes.add(row.get('n')!.value);
  return [...nodes];
}

/** For the rows of a plan: a function giving the affected nodes of a check of any of its sub-lists (one query in all). */
export async function affectedNodesOfSubLists(store: GraphStore, rows: Rows): Promise<(subList: Rows) => string[]> {
  const byComponent = new Map<string, string[]>();
  const byIe = new Map<string, string[]>();
  const result = await store.query(affectedQuery(rows, '?c ?ie ?n'));
  if (result.kind === 'bindings') {
    for (const row of result.rows) {
      const [c, ie, n] = [row.get('c')?.value, row.get('ie')?.value, row.get('n')!.value];
      if (c !== undefined) byComponent.set(c, [...(byComponent.get(c) ?? []), n]);
      if (ie !== undefined) byIe.set(ie, [...(byIe.get(ie) ?? []), n]);
    }
  }
  return (subList) => {
    const nodes = new Set<string>(subList.flat());
    for (const [c, ie] of subList) for (const n of [...(byComponent.get(c) ?? []), ...(byIe.get(ie) ?? [])]) nodes.add(n);
    return [...nodes];
  };
}
