/**
 * Affinity and anti-affinity between components of one service, both read as symmetric relations: `a` with
 * affinity to `b` means they share an IE whichever of them names the other; likewise for anti-affinity.
 */
import type { ComponentRequest } from '../request/ServiceRequest.js';

/**
 * The components to place grouped by affinity (connected components of the affinity relation), in the order they
 * are placed: groups with a pinned IE first, then the largest CPU and RAM needs, then by name. Members are sorted by name.
 */
export function affinityGroups(components: readonly ComponentRequest[]): ComponentRequest[][] {
  const parent = new Map(components.map((c) => [c.name, c.name]));
  const find = (n: string): string => (parent.get(n) === n ? n : find(parent.get(n)!));
  for (const c of components) for (const other of c.affinity) {
    if (parent.has(other)) parent.set(find(c.name), find(other));
  }
  const groups = new Map<string, ComponentRequest[]>();
  for (const c of components) {
    const root = find(c.name);
    groups.set(root, [...(groups.get(root) ?? []), c]);
  }
  const list = [...groups.values()].map((g) => g.sort((a, b) => (a.name < b.name ? -1 : 1)));
  const sum = (g: ComponentRequest[], f: (c: ComponentRequest) => number) => g.reduce((s, c) => s + f(c), 0);
  return list.sort((a, b) =>
    Number(b.some((c) => c.requirements.ie)) - Number(a.some((c) => c.requirements.ie))
    || sum(b, (c) => c.requirements.requiredCpu ?? 0) - sum(a, (c) => c.requirements.requiredCpu ?? 0)
    || sum(b, (c) => c.requirements.requiredRamMiB ?? 0) - sum(a, (c) => c.requirements.requiredRamMiB ?? 0)
    || (a[0].name < b[0].name ? -1 : 1));
}

/** Names of the components among `others` that must not share an IE with `c` (either side naming the other). */
export function antiAffinityPartners(c: ComponentRequest, others: readonly ComponentRequest[]): string[] {
  return others.filter((o) => o.name !== c.name && (c.antiAffinity.includes(o.name) || o.antiAffinity.includes(c.name))).map((o) => o.name);
}
