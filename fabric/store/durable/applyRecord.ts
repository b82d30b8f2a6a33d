/**
 * Apply logged N-Quads to an oxigraph store WITHOUT renaming blank nodes.
 * oxigraph's Store.load renames blank nodes on every call, so only lines that
 * cannot contain a blank node (no "_:" anywhere) take the fast bulk `load`;
 * the others are parsed with oxigraph.parse (which keeps labels) and added or
 * deleted one by one. N-Quads escapes newlines in literals, so a line is a quad.
 */
import oxigraph from 'oxigraph';
import type { WalRecord } from './walRecord.js';

const NQUADS = 'application/n-quads';

function split(text: string): { ground: string; labelled: string } {
  if (!text.includes('_:')) return { ground: text, labelled: '' };
  let ground = '';
  let labelled = '';
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line.includes('_:')) labelled += `${line}\n`;
    else ground += `${line}\n`;
  }
  return { ground, labelled };
}

export function insertNQuads(store: oxigraph.Store, text: string): void {
  const { ground, labelled } = split(text);
  if (ground.trim().length > 0) store.load(ground, { format: NQUADS, no_transaction: true });
  if (labelled.length > 0) for (const quad of oxigraph.parse(labelled, { format: NQUADS })) store.add(quad);
}

export function deleteNQuads(store: oxigraph.Store, text: string): void {
  if (text.trim().length === 0) return;
  for (const quad of oxigraph.parse(text, { format: NQUADS })) store.delete(quad);
}

/** Replay one WAL record: deletes first, then inserts (the ChangeSet order). */
export function applyRecord(store: oxigraph.Store, record: Pick<WalRecord, 'deletes' | 'inserts'>): void {
  deleteNQuads(store, record.deletes);
  insertNQuads(store, record.inserts);
}
