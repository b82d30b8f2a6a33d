/**
 * The event side of ContainerRuntime.watch(): containerd's Events.Subscribe, filtered on the adapter's namespace
 * and the topics that change a component's status (task create/start/exit/delete/oom/paused/resumed, container
 * create/delete). The stream reconnects after an error or end (containerd restarted, socket gone for a while);
 * after each reconnect `onResync` runs so the caller can re-read what changed while nobody was listening.
 */
import type { ClientReadableStream } from '@grpc/grpc-js';
import { ContainerdClient, GrpcStatus } from './containerdClient.js';
import type { Envelope } from './containerdMessages.js';

export const WATCHED_TOPICS = ['/tasks/create', '/tasks/start', '/tasks/exit', '/tasks/delete', '/tasks/oom',
  '/tasks/paused', '/tasks/resumed', '/containers/create', '/containers/delete'];

/** One OR-ed filter per topic, each AND-ed with the namespace (containerd filter syntax). */
export function eventFilters(namespace: string): string[] {
  return WATCHED_TOPICS.map((topic) => `namespace==${JSON.stringify(namespace)},topic==${JSON.stringify(topic)}`);
}

/**
 * Field 1 of an event payload as a string: the container id in every watched event (TaskStart, TaskExit,
 * TaskDelete, TaskCreate, TaskOOM, TaskPaused, TaskResumed: container_id = 1; ContainerCreate/Delete: id = 1).
 * A few lines of protobuf wire decoding (tag 0x0a, varint length, UTF-8 bytes) instead of a decoder per type.
 */
export function containerIdOfEvent(payload: Uint8Array): string | undefined {
  let pos = 0;
  while (pos < payload.length) {
    let tag = 0; let shift = 0; let byte: number;
    do { byte = payload[pos++]; tag |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80 && pos < payload.length);
    const field = tag >>> 3; const wire = tag & 7;
    if (wire === 0) { while (payload[pos++] & 0x80 && pos < payload.length); continue; }
    if (wire === 1) { pos += 8; continue; }
    if (wire === 5) { pos += 4; continue; }
    if (wire !== 2) return undefined;
    let len = 0; shift = 0;
    do { byte = payload[pos++]; len |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80 && pos < payload.length);
    if (field === 1) return Buffer.from(payload.subarray(pos, pos + len)).toString('utf8');
    pos += len;
  }
  return undefined;
}

export interface EventHooks {
  onEvent(topic: string, containerId: string): void;
  /** After a reconnect (not after the first subscribe). */
  onResync(): void;
}

/** Subscribes until the returned function is called; reconnects every `reconnectDelayMs` while the stream is down. */
export function subscribeContainerdEvents(client: ContainerdClient, hooks: EventHooks, reconnectDelayMs = 1000): () => void {
  let stream: ClientReadableStream<Envelope> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const connect = (isReconnect: boolean): void => {
    if (stopped) return;
    const current = client.stream<Envelope>('events', 'subscribe', { filters: eventFilters(client.namespace) });
    stream = current;
    let down = false;
    const retry = (): void => {
      if (down || stopped || stream !== current) return;
      down = true;
      timer = setTimeout(() => connect(true), reconnectDelayMs);
    };
    current.on('data', (env: Envelope) => {
      if (env.namespace !== client.namespace || !env.event) return;
      const id = containerIdOfEvent(env.event.value);
      if (id) hooks.onEvent(env.topic, id);
    });
    current.on('error', (err: { code?: number }) => { if (err.code !== GrpcStatus.CANCELLED) retry(); });
    current.on('end', retry);
    if (isReconnect) hooks.onResync();
  };
  connect(false);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    stream?.cancel();
  };
}
