/**
 * `continuum policies list|violations|check` (docs/policies.md, docs/cli.md): the policies of a running node through
 * FabricClient — list them, show the current violations (optionally about one resource), or check proposed
 * placements (`component=ie` pairs) without changing anything. `check` exits 1 when a placement is not allowed.
 */
import { FabricClient } from '../../client/FabricClient.js';
import type { CliIo } from '../CliIo.js';
import type { ExplainedViolation } from '../../../reasoner/policy/explainViolation.js';
import { renderPolicyVerdicts } from './explainCommand.js';

export type PoliciesSubcommand = 'list' | 'violations' | 'check';
export interface PoliciesOptions { url: string; output: 'text' | 'json'; focus?: string; explain?: boolean; tenant?: string }

/** A check that found a Violation: the verdict is printed, the exit code is 1. */
export class PlacementNotAllowed extends Error {}

function placementsOf(args: readonly string[]): Array<{ component: string; ie: string }> {
  return args.map((a) => {
    const eq = a.indexOf('=');
    if (eq <= 0 || eq === a.length - 1) throw new Error(`give each placement as <component IRI>=<IE IRI>, got "${a}".`);
    return { component: a.slice(0, eq), ie: a.slice(eq + 1) };
  });
}

const verdictText = (violations: readonly ExplainedViolation[]): string => renderPolicyVerdicts({ conforms: false, violations }).replace(/^\n/, '');

export async function policiesCommand(sub: PoliciesSubcommand, args: readonly string[], options: PoliciesOptions, io: CliIo): Promise<void> {
  const client = new FabricClient({ url: options.url, ...(options.tenant ? { tenant: options.tenant } : {}) });
  const json = (value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);
  if (sub === 'list') {
    const policies = await client.policies();
    if (options.output === 'json') return json({ policies });
    io.out(policies.map((p) => `${p.id.padEnd(24)} ${p.severity.padEnd(9)} ${p.deactivated ? '(off) ' : ''}${p.label ?? ''}\n    <${p.iri}>`).join('\n') + '\n');
    return;
  }
  if (sub === 'violations') {
    const report = await client.policyViolations({ ...(options.focus ? { focus: options.focus } : {}), explain: options.explain === true });
    if (options.output === 'json') return json(report);
    io.out(report.violations.length === 0 ? 'No policy violations.\n' : verdictText(report.violations));
    return;
  }
  const verdict = await client.checkPlacements(placementsOf(args), { explain: options.explain === true });
  if (options.output === 'json') json(verdict);
  else io.out(`${verdict.allowed ? 'allowed' : 'NOT allowed'}\n${verdict.violations.length > 0 ? `\n${verdictText(verdict.violations)}` : ''}`);
  if (!verdict.allowed) throw new PlacementNotAllowed('the placement violates a policy (see above).');
}
