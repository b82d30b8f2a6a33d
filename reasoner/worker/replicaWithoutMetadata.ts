/**
 * The reasoner worker's replica without the NGSI-LD reifier metadata (docs/reasoner.md "Reifier metadata outside the
 * mirror"): ≈ 78 % of the quads of NGSI-LD IEs, and the replica, the mirror and the derived triples share the thread's
 * 4 GiB of WASM memory (at 100k IEs the replica alone filled it). The seed — a data-directory recovery or the node's
 * N-Quads dump — and every forwarded record lose those lines on the way in (`withoutReifierMetadata`); the reasoner
 * is told (IncrementalReasonerOptions.storeLacksReifierMetadata), so a full run that finds them read throws
 * ReifierMetadataNeeded and the main thread seeds a new worker with everything (ReasonerThread). Only without trust
 * in the worker: trust reads the reifiers of cf:trustScore and of the IE status.
 */
import type oxigraph from 'oxigraph';
import { withoutReifierMetadata } from '../reifierMetadata.js';

type LoadInput = Parameters<oxigraph.Store['load']>[0];
type Block = string | Uint8Array;

const textOf = (block: Block): string => (typeof block === 'string' ? block : Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8'));

function* filteredBlocks(blocks: Iterable<Block>): Generator<string> {
  for (const block of blocks) yield withoutReifierMetadata(textOf(block)); // recovery cuts its blocks at line ends
}

function filtered(input: LoadInput): LoadInput {
  if (typeof input === 'string' || input instanceof Uint8Array) return withoutReifierMetadata(textOf(input));
  return filteredBlocks(input as Iterable<Block>);
}

/**
 * `raw` as the seed sees it (recoverReplica, insertNQuads): its `load` drops the metadata lines of the N-Quads it is
 * given; everything else is the store itself (deletes of absent lines are no-ops).
 */
export function loadingWithoutMetadata(raw: oxigraph.Store): oxigraph.Store {
  const load = (input: LoadInput, options: Parameters<oxigraph.Store['load']>[1]): void => raw.load(filtered(input), options);
  return new Proxy(raw, {
    get: (target, property) => {
      if (property === 'load') return load;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
