/**
 * An NGSI-LD write that could not be committed because other writers (SPARQL Update, the Graph Store
 * Protocol, another service's store calls) kept changing its entity's graph between its read and its
 * commit, attempt after attempt (EntityWriter, docs/ngsi-ld-api.md "Writes racing SPARQL Update").
 * Nothing of the write was applied; the client may retry. GS CIM 009 §5.5.1 has no conflict type for
 * this, so it is InternalError (500) with the entity and the attempts as extension members.
 */
import { FabricError } from '../../errors/FabricError.js';

export class WriteConflictError extends FabricError {
  constructor(readonly entityIds: readonly string[], readonly attempts: number) {
    super('InternalError', 500, 'Concurrent modification',
      `The graph of ${entityIds.join(', ')} was changed by another writer during each of ${attempts} attempts to write it; nothing was written, retry the request.`,
      { entities: [...entityIds], attempts });
  }
}
