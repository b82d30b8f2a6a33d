import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { DockerEventStream, parseEventChunk, type DockerContainerEvent } from '../../../../adapters/docker/DockerEventStream.js';

const event = (action: string, id: string, time: number, type = 'container'): string =>
  JSON.stringify({ Type: type, Action: action, time, Actor: { ID: id, Attributes: { 'org.continuum-fabric.component': `urn:${id}` } } });

describe('Docker events stream', () => {
  test('parseEventChunk keeps a partial line for the next chunk and drops non-container events', () => {
    const text = `${event('start', 'a', 1)}\n${event('create', 'n', 2, 'network')}\n${event('die', 'b', 3).slice(0, 20)}`;
    const { events, rest } = parseEventChunk(text);
    expect(events.map((e) => [e.action, e.containerId, e.time])).toEqual([['start', 'a', 1]]);
    expect(rest).toBe(event('die', 'b', 3).slice(0, 20));
    expect(parseEventChunk(`${rest}${event('die', 'b', 3).slice(20)}\n`).events.map((e) => e.action)).toEqual(['die']);
  });

  test('reconnects when the stream ends, resuming from the last event time, and stops for good on stop()', async () => {
    const calls: Array<{ since?: number; filters?: unknown }> = [];
    const streams: PassThrough[] = [];
    const fake = {
      getEvents: async (options: { since?: number; filters?: unknown }) => {
        calls.push(options);
        const s = new PassThrough();
        streams.push(s);
        return s;
      },
    } as unknown as Docker;
    const seen: DockerContainerEvent[] = [];
    const connected: boolean[] = [];
    const stream = new DockerEventStream(fake, { labels: ['k=v'], reconnectDelayMs: 10, onEvent: (e) => seen.push(e), onConnected: (r) => connected.push(r) });
    stream.start();
    await new Promise((r) => setTimeout(r, 20));
    streams[0].write(`${event('start', 'a', 100)}\n${event('die', 'a', 101)}\n`);
    streams[0].end();
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ filters: { type: ['container'], label: ['k=v'] } });
    expect(calls[1].since).toBe(101);
    expect(connected).toEqual([false, true]);
    streams[1].write(`${event('start', 'a', 102)}\n`);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.map((e) => `${e.action}@${e.time}`)).toEqual(['start@100', 'die@101', 'start@102']);
    stream.stop();
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toHaveLength(2);
    expect(streams[1].destroyed).toBe(true);
  });
});
