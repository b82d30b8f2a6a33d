/**
 * What placement asks of the policies (issue 4's `/policies/check` semantics): would these placements
 * (component → IE) violate a policy? Implemented by reasoner/policy's PolicyService; placement knows only this.
 * A hypothetical placement is the triple `<component> cf:infrastructureElement <ie>` added for the check only;
 * the store is never changed.
 */
export interface ProposedPlacement {
  readonly component: string;
  readonly ie: string;
}

export type PolicySeverity = 'Violation' | 'Warning' | 'Info';

export interface PolicyViolation {
  /** IRI of the policy (the SHACL shape / its cf:Policy resource). */
  readonly policy: string;
  readonly focusNode: string;
  readonly path?: string;
  readonly value?: string;
  readonly message: string;
  readonly severity: PolicySeverity;
}

export interface PolicyVerdict {
  /** True when no result has severity Violation. */
  readonly allowed: boolean;
  readonly violations: readonly PolicyViolation[];
}

export interface PolicyGate {
  check(placements: readonly ProposedPlacement[], tenant?: string): Promise<PolicyVerdict>;
  /**
   * Optional fast path (issue 5): true only if check(placements.slice(0, k), tenant) would be allowed (no result of
   * severity Violation) for every k in `lengths` — a planner that checks each component as it places it may then
   * check its whole plan once. May answer false when unsure (the caller then checks one by one); never true when
   * one of those checks would refuse.
   */
  allowsEachPrefix?(placements: readonly ProposedPlacement[], lengths: readonly number[], tenant?: string): Promise<boolean>;
}
