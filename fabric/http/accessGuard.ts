/**
 * The one place for access control. Today: writes (SPARQL Update, Graph Store
 * PUT/POST/DELETE) are allowed from loopback clients, or from anywhere with the
 * configured bearer token (RFC 6750 `Authorization: Bearer …`). Reads are open.
 * Full authentication and roles will plug in here.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { WriteForbiddenError } from '../errors/FabricError.js';

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export interface AccessPolicy {
  readonly writeToken?: string;
}

export function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && LOOPBACK.test(ip);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export class AccessGuard {
  constructor(private readonly policy: AccessPolicy) {}

  /** Throws WriteForbiddenError (403) unless the request may write. */
  assertMayWrite(request: FastifyRequest): void {
    const token = bearerToken(request);
    if (this.policy.writeToken !== undefined && token !== undefined && sameSecret(token, this.policy.writeToken)) return;
    if (token === undefined && isLoopback(request.ip)) return;
    throw new WriteForbiddenError(
      this.policy.writeToken === undefined
        ? 'Writes are accepted only from loopback clients. To allow remote writes, run the server with --write-token <secret> and send Authorization: Bearer <secret>.'
        : 'Writes from non-loopback clients need Authorization: Bearer <token> with the token given to the server by --write-token.',
    );
  }
}
