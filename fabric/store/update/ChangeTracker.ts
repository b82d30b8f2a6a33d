/**
 * Applies quad changes to an oxigraph store one at a time and remembers, for
 * every quad touched, whether it existed before the request. That is enough
 * to compute the NET effective change (SPARQL 1.1 Update §3: a request is
 * atomic) and to undo everything on failure.
 */
import type * as RDF from '@rdfjs/types';
import type oxigraph from 'oxigraph';
import type { ChangeSet } from '../GraphStore.js';
import { quadKey, type OxQuad } from './terms.js';

interface Touched {
  readonly quad: OxQuad;
  readonly existedBefore: boolean;
}

export class ChangeTracker {
  private readonly touched = new Map<string, Touched>();

  constructor(private readonly store: oxigraph.Store) {}

  has(quad: OxQuad): boolean {
    return this.store.has(quad);
  }

  add(quad: OxQuad): void {
    if (this.store.has(quad)) return;
    this.remember(quad, false);
    this.store.add(quad);
  }

  delete(quad: OxQuad): void {
    if (!this.store.has(quad)) return;
    this.remember(quad, true);
    this.store.delete(quad);
  }

  /** Quads deleted that existed before, quads inserted that were absent before. */
  netChange(): ChangeSet {
    const deletes: RDF.Quad[] = [];
    const inserts: RDF.Quad[] = [];
    for (const { quad, existedBefore } of this.touched.values()) {
      const present = this.store.has(quad);
      if (existedBefore && !present) deletes.push(quad);
      else if (!existedBefore && present) inserts.push(quad);
    }
    return { deletes, inserts };
  }

  /** Restore every touched quad to its state before the request. */
  rollback(): void {
    for (const { quad, existedBefore } of this.touched.values()) {
      const present = this.store.has(quad);
      if (existedBefore && !present) this.store.add(quad);
      else if (!existedBefore && present) this.store.delete(quad);
    }
    this.touched.clear();
  }

  private remember(quad: OxQuad, existedBefore: boolean): void {
    const key = quadKey(quad);
    if (!this.touched.has(key)) this.touched.set(key, { quad, existedBefore });
  }
}
