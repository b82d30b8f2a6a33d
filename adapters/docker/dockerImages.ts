/**
 * Makes sure an image is present on the engine before a container is created from it: a local image is used as
 * is; an absent one is pulled (POST /images/create). A failed pull is reported as a reason, not thrown, so the
 * component becomes Failed with a message the user can act on.
 */
import type Docker from 'dockerode';
import { engineMessage, isConnectionError, isNotFound } from './dockerErrors.js';

export type ImageResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function ensureImage(docker: Docker, image: string, pull: boolean, timeoutMs: number): Promise<ImageResult> {
  try {
    await docker.getImage(image).inspect();
    return { ok: true };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (!pull) return { ok: false, reason: `image ${image} is not present on the engine and pulling is disabled` };
  try {
    await pullImage(docker, image, timeoutMs);
    return { ok: true };
  } catch (error) {
    if (isConnectionError(error)) throw error;
    return { ok: false, reason: `image ${image} is not present on the engine and could not be pulled: ${engineMessage(error)}` };
  }
}

function pullImage(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pull timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    const done = (error?: unknown): void => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    docker.pull(image).then(
      (stream: NodeJS.ReadableStream) => docker.modem.followProgress(stream, (error: Error | null) => done(error ?? undefined)),
      done,
    );
  });
}
