/**
 * A Docker events subscription (GET /events, container events filtered by our labels) that reconnects when the
 * stream ends or fails (engine restart, network cut), resuming from the last event's time so nothing is lost.
 * Events are newline-delimited JSON; a chunk may hold part of an event, several events, or both.
 */
import type Docker from 'dockerode';

export interface DockerContainerEvent {
  readonly action: string;
  readonly containerId: string;
  /** The container's labels plus name, image (and exitCode on die). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Seconds since the epoch. */
  readonly time: number;
}

export interface DockerEventStreamOptions {
  /** `label` filters (all must match). */
  readonly labels: readonly string[];
  readonly onEvent: (event: DockerContainerEvent) => void;
  /** Called after every (re)connection, so a listener can resynchronize what it missed. */
  readonly onConnected?: (reconnect: boolean) => void;
  readonly onError?: (error: unknown) => void;
  readonly reconnectDelayMs?: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Splits newline-delimited JSON; returns the events of the complete lines and the unfinished rest. */
export function parseEventChunk(buffered: string): { events: DockerContainerEvent[]; rest: string } {
  const lines = buffered.split('\n');
  const rest = lines.pop() ?? '';
  const events: DockerContainerEvent[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      continue; // not an event line; the engine never sends one, a proxy might
    }
    if (raw.Type !== 'container' || !raw.Action || !raw.Actor?.ID) continue;
    events.push({ action: raw.Action, containerId: raw.Actor.ID, attributes: raw.Actor.Attributes ?? {}, time: raw.time ?? 0 });
  }
  return { events, rest };
}

export class DockerEventStream {
  private stream: NodeJS.ReadableStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastTime: number | undefined;
  private connections = 0;

  constructor(private readonly docker: Docker, private readonly options: DockerEventStreamOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    stream?.removeAllListeners();
    stream?.on('error', () => undefined);
    stream?.destroy?.();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const stream = await this.docker.getEvents({
        filters: { type: ['container'], label: [...this.options.labels] },
        ...(this.lastTime !== undefined ? { since: this.lastTime } : {}),
      });
      if (this.stopped) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      this.stream = stream;
      let buffered = '';
      stream.on('data', (chunk: Buffer | string) => {
        const parsed = parseEventChunk(buffered + chunk.toString());
        buffered = parsed.rest;
        for (const event of parsed.events) {
          this.lastTime = event.time;
          this.options.onEvent(event);
        }
      });
      const ended = (error?: unknown): void => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (error) this.options.onError?.(error);
        this.scheduleReconnect();
      };
      stream.on('end', () => ended());
      stream.on('close', () => ended());
      stream.on('error', (error: unknown) => ended(error));
      this.options.onConnected?.(this.connections++ > 0);
    } catch (error) {
      this.options.onError?.(error);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.options.reconnectDelayMs ?? 1000);
    this.timer.unref();
  }
}
