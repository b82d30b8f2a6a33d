/**
 * The focus nodes a check of proposed placements evaluates (docs/policies.md "Affected focus nodes"): the components,
 * their services (aeros:isPartOfService), the proposed IEs, the components' current IEs and those IEs' domains, and the
 * proposed IEs' domains. As a sub-select binding ?this (PolicyService.check joins it with the target tests, so the
 * nodes and their tests are one query), as a query of their own, or, for placement's fast path (prefixVerdicts.ts),
 * with the component or IE each node comes from, so that the affected nodes of every prefix of a plan come from one
 * query.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { POLICY } from './policyVocabulary.js';

type Rows = ReadonlyArray<readonly [string, string]>;

const iris = (values: Iterable<string>): string => [...new Set(values)].map((v) => `<${v}>`).join(' ');

/** The UNION of the nodes reached from the rows' components and IEs, bound to ?n (with ?c / ?ie where they come from). */
function reachedBranches(rows: Rows): string {
  // VALUES inside each branch: oxigraph evaluates UNION branches on their own, so an outer VALUES would not bind them.
  const components = `VALUES ?c { ${iris(rows.map(([c]) => c))} }`;
  const ies = `VALUES ?ie { ${iris(rows.map(([, ie]) => ie))} }`;
  return `{ ${components} ?c <${POLICY.isPartOfService}> ?n }
      UNION { ${components} ?c <${POLICY.infrastructureElement}> ?n } UNION { ${components} ?c <${POLICY.infrastructureElement}> ?old . ?old <${POLICY.domain}> ?n }
      UNION { ${ies} ?ie <${POLICY.domain}> ?n }`;
}

/** A sub-select binding ?this to every affected node of a check of `rows`: the components and IEs themselves, and the nodes reached from them. */
export function affectedSelect(rows: Rows): string {
  return `SELECT DISTINCT (?n AS ?this) WHERE { { VALUES ?n { ${iris(rows.flat())} } } UNION ${reachedBranches(rows)} FILTER(isIRI(?n)) }`;
}

/** The affected nodes of a check of `rows` (one query). */
export async function affectedNodes(store: GraphStore, rows: Rows): Promise<string[]> {
  const result = await store.query(affectedSelect(rows));
  return result.kind === 'bindings' ? result.rows.map((row) => row.get('this')!.value) : [];
}

/** For the rows of a plan: a function giving the affected nodes of a check of any of its sub-lists (one query in all). */
export async function affectedNodesOfSubLists(store: GraphStore, rows: Rows): Promise<(subList: Rows) => string[]> {
  const byComponent = new Map<string, string[]>();
  const byIe = new Map<string, string[]>();
  const result = await store.query(`SELECT DISTINCT ?c ?ie ?n WHERE { ${reachedBranches(rows)} FILTER(isIRI(?n)) }`);
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
