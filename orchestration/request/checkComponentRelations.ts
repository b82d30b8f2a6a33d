/**
 * Checks that hold for a service whatever its front end: unique component names, affinity / anti-affinity naming
 * components of the same service (never itself, never both), and a pinned IE not contradicting anti-affinity.
 */
import type { ComponentRequest } from './ServiceRequest.js';
import type { ProblemList } from './requestVocabulary.js';

export function checkComponentRelations(components: readonly ComponentRequest[], pathOf: (component: string) => string, problems: ProblemList): void {
  const names = new Set<string>();
  for (const c of components) {
    if (names.has(c.name)) problems.add(pathOf(c.name), `component name '${c.name}' is used twice`);
    names.add(c.name);
  }
  for (const c of components) {
    for (const [list, key] of [[c.affinity, 'affinity'], [c.antiAffinity, 'anti_affinity']] as const) {
      for (const other of list) {
        if (other === c.name) problems.add(`${pathOf(c.name)}.${key}`, `a component cannot name itself in ${key}`);
        else if (!names.has(other)) problems.add(`${pathOf(c.name)}.${key}`, `'${other}' is not a component of this service`);
      }
    }
    for (const other of c.affinity) if (c.antiAffinity.includes(other)) problems.add(`${pathOf(c.name)}.anti_affinity`, `'${other}' is in both affinity and anti_affinity`);
    const pinned = c.requirements.ie;
    for (const other of c.antiAffinity) {
      const o = components.find((x) => x.name === other);
      if (pinned && o?.requirements.ie === pinned) problems.add(`${pathOf(c.name)}.anti_affinity`, `'${other}' is pinned to the same IE ${pinned}`);
    }
  }
}
