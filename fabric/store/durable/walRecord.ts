/**
 * Write-ahead-log record framing (docs/durability.md):
 *   [u32 LE payload length][u32 LE CRC-32 of payload][payload]
 * payload (format 2, written since the bulk-load path):
 *   [u8 0x02][f64 LE seq][u32 LE byte length of deletes][deletes: UTF-8 N-Quads][inserts: UTF-8 N-Quads]
 * payload (format 1, still read): UTF-8 JSON { seq, deletes, inserts }, first byte '{'.
 * Format 2 stores the N-Quads bytes as they are: no JSON escaping on write, and
 * replay hands the bytes straight to oxigraph (no JSON.parse, no JS string).
 */
import { crc32 } from 'node:zlib';

export interface WalRecord {
  readonly seq: number;
  /** N-Quads text of the quads removed (applied first). */
  readonly deletes: string;
  /** N-Quads text of the quads added. */
  readonly inserts: string;
}

/** A record as read from disk: the N-Quads stay bytes (format 2) or strings (format 1). */
export interface RawWalRecord {
  readonly seq: number;
  readonly deletes: string | Buffer;
  readonly inserts: string | Buffer;
}

export const HEADER_BYTES = 8;
const FORMAT_2 = 0x02;
const FORMAT_2_FIXED = 1 + 8 + 4;

const bytesOf = (text: string | Buffer): Buffer => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

/**
 * Frame a record as buffers to write one after the other (header + deletes,
 * then the inserts as given: a bulk load's input bytes are written without a copy).
 */
export function encodeRecordChunks(record: { readonly seq: number; readonly deletes: string | Buffer; readonly inserts: string | Buffer }): Buffer[] {
  const deletes = bytesOf(record.deletes);
  const inserts = bytesOf(record.inserts);
  const head = Buffer.allocUnsafe(HEADER_BYTES + FORMAT_2_FIXED + deletes.length);
  head.writeUInt8(FORMAT_2, HEADER_BYTES);
  head.writeDoubleLE(record.seq, HEADER_BYTES + 1);
  head.writeUInt32LE(deletes.length, HEADER_BYTES + 9);
  deletes.copy(head, HEADER_BYTES + FORMAT_2_FIXED);
  head.writeUInt32LE(FORMAT_2_FIXED + deletes.length + inserts.length, 0);
  head.writeUInt32LE(crc32(inserts, crc32(head.subarray(HEADER_BYTES))), 4);
  return inserts.length > 0 ? [head, inserts] : [head];
}

/** One framed record in one buffer. */
export function encodeRecord(record: { readonly seq: number; readonly deletes: string | Buffer; readonly inserts: string | Buffer }): Buffer {
  return Buffer.concat(encodeRecordChunks(record));
}

export class CorruptWalError extends Error {
  constructor(file: string, offset: number, reason: string) {
    super(`Write-ahead log ${file} is corrupt at byte ${offset} (${reason}) and more records follow, so this is not a torn last write. `
      + 'Refusing to start: restore the data directory from a backup, or truncate the log at this offset knowingly (later commits are lost).');
    this.name = 'CorruptWalError';
  }
}

export interface DecodedLog {
  readonly records: WalRecord[];
  /** Bytes of the log made of whole, valid records. */
  readonly validLength: number;
  /** True when bytes after validLength were dropped as a torn (incomplete or corrupt) last record. */
  readonly tornTail: boolean;
}

function allZero(buffer: Buffer, from: number): boolean {
  for (let i = from; i < buffer.length; i++) if (buffer[i] !== 0) return false;
  return true;
}

/** Payload → record, or undefined when it is not a well-formed record of either format. */
function parsePayload(payload: Buffer): RawWalRecord | undefined {
  if (payload[0] === FORMAT_2) {
    if (payload.length < FORMAT_2_FIXED) return undefined;
    const seq = payload.readDoubleLE(1);
    const deletesEnd = FORMAT_2_FIXED + payload.readUInt32LE(9);
    if (deletesEnd > payload.length || !Number.isSafeInteger(seq)) return undefined;
    return { seq, deletes: payload.subarray(FORMAT_2_FIXED, deletesEnd), inserts: payload.subarray(deletesEnd) };
  }
  try {
    const record = JSON.parse(payload.toString('utf8')) as WalRecord;
    return typeof record.seq === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The outcome of reading a whole log: records are produced one by one (see readLog). */
export interface LogEnd {
  readonly validLength: number;
  readonly tornTail: boolean;
}

/**
 * Read a whole log file record by record (the N-Quads bytes are views into `buffer`).
 * An incomplete or CRC-failing LAST record (one that reaches the end of the file),
 * or a zero-filled tail, is a torn write: dropped. A bad record with valid data
 * after it is corruption: CorruptWalError.
 */
export function* readLog(buffer: Buffer, file: string): Generator<RawWalRecord, LogEnd> {
  let offset = 0;
  while (offset < buffer.length) {
    if (buffer.length - offset < HEADER_BYTES || allZero(buffer, offset)) return { validLength: offset, tornTail: true };
    const length = buffer.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (end > buffer.length) return { validLength: offset, tornTail: true };
    const payload = buffer.subarray(offset + HEADER_BYTES, end);
    const record = length > 0 && crc32(payload) === buffer.readUInt32LE(offset + 4) ? parsePayload(payload) : undefined;
    if (!record) {
      if (end === buffer.length) return { validLength: offset, tornTail: true };
      throw new CorruptWalError(file, offset, length === 0 ? 'zero-length record' : 'checksum mismatch');
    }
    yield record;
    offset = end;
  }
  return { validLength: offset, tornTail: false };
}

const textOf = (text: string | Buffer): string => (typeof text === 'string' ? text : text.toString('utf8'));

/** Decode a whole log into records with N-Quads strings (tests, tools); recovery uses readLog. */
export function decodeLog(buffer: Buffer, file: string): DecodedLog {
  const records: WalRecord[] = [];
  const reader = readLog(buffer, file);
  for (;;) {
    const next = reader.next();
    if (next.done) return { records, ...next.value };
    records.push({ seq: next.value.seq, deletes: textOf(next.value.deletes), inserts: textOf(next.value.inserts) });
  }
}
