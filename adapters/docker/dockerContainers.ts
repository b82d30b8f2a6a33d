/**
 * Single-container operations of the Docker runtime on the engine API, each tolerant of what is already done:
 * inspect (gone → undefined), start (already started is fine), stop-and-delete (gone is fine).
 */
import type Docker from 'dockerode';
import type { WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { engineStatusCode, isConflict, isNotFound } from './dockerErrors.js';
import { statusFromContainer } from './dockerPhase.js';

export async function inspectStatus(docker: Docker, id: string): Promise<WorkloadStatus | undefined> {
  try {
    return statusFromContainer(await docker.getContainer(id).inspect());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Starting may fail (executable not found): the container then stays "created" with State.Error → Failed. */
export async function startContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (error) {
    const code = engineStatusCode(error);
    if (code === undefined || code === 404) throw error;
    // 304 already started; 400/500 the engine recorded the reason in State.Error, which inspect reports.
  }
}

/** Stop (SIGTERM, then SIGKILL after `stopTimeoutSeconds`) and delete with its anonymous volumes; gone is fine. */
export async function stopAndRemove(docker: Docker, id: string, stopTimeoutSeconds: number): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.stop({ t: stopTimeoutSeconds });
  } catch (error) {
    const code = engineStatusCode(error);
    if (code !== 304 && code !== 404 && code !== 409) throw error;
  }
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if (!isNotFound(error) && !isConflict(error)) throw error; // 409: a removal is already in progress
  }
}

/** Whether the engine has its default bridge network (dockerd --bridge=none has not). */
export async function hasDefaultBridge(docker: Docker): Promise<boolean> {
  const networks = await docker.listNetworks();
  return networks.some((n) => n.Name === 'bridge' && n.Driver === 'bridge');
}
