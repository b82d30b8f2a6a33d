/**
 * Typed errors of the policies (reasoner/policy, docs/policies.md), rendered by the one HTTP error
 * handler like every FabricError (RFC 7807 with ETSI NGSI-LD problem types, GS CIM 009 §5.5.1).
 */
import { FabricError } from './FabricError.js';

export interface PolicyProblem {
  /** 'syntax': the document does not parse; 'shacl': not valid SHACL (SHACL-SHACL meta-shapes or a SHACL rule of
   *  §5 SHACL-SPARQL); 'sparql': an sh:select that does not parse or run; 'policy': not a usable policy. */
  readonly reason: 'syntax' | 'shacl' | 'sparql' | 'policy';
  /** The policy (or constraint) concerned, when known. */
  readonly policy?: string;
  /** The parser's position, when it gives one (for 'sparql', the line within the sh:select text). */
  readonly line?: number;
  readonly column?: number;
  /** SHACL-SHACL results: focus node, path and message of each. */
  readonly results?: ReadonlyArray<{ focusNode: string; path: string | null; message: string }>;
}

/** A policy document that is not valid SHACL or not a usable policy (400); nothing was stored. */
export class PolicyDefinitionError extends FabricError {
  constructor(detail: string, readonly problem: PolicyProblem) {
    super('BadRequestData', 400, 'Invalid policy', detail, { ...problem });
  }
}
