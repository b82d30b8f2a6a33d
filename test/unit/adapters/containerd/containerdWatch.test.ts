import { containerIdOfEvent, eventFilters, WATCHED_TOPICS } from '../../../../adapters/containerd/containerdWatch.js';
import { containerIdFor, OWNED_FILTER } from '../../../../adapters/containerd/containerdLabels.js';

/** Protobuf wire bytes, written out by hand: tag = field << 3 | wire type. */
const str = (field: number, s: string): number[] => [(field << 3) | 2, s.length, ...Buffer.from(s)];

describe('containerd events: filters and the container id of a payload', () => {
  test('TaskExit { container_id=1, id=2, pid=3, exit_status=4, exited_at=5 } → its container_id', () => {
    const bytes = Uint8Array.from([...str(1, 'cf-abc'), ...str(2, 'cf-abc'), 0x18, 0xac, 0x02, 0x20, 0x89, 0x01, 0x2a, 0x02, 0x08, 0x01]);
    expect(containerIdOfEvent(bytes)).toBe('cf-abc');
  });

  test('field 1 is found after varint, fixed and length-delimited fields of other numbers', () => {
    const bytes = Uint8Array.from([0x10, 0xff, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4, ...str(4, 'xx'), ...str(1, 'cf-z')]);
    expect(containerIdOfEvent(bytes)).toBe('cf-z');
    expect(containerIdOfEvent(Uint8Array.from([0x10, 0x01]))).toBeUndefined();
    expect(containerIdOfEvent(new Uint8Array())).toBeUndefined();
  });

  test('one OR-ed filter per watched topic, each AND-ed with the quoted namespace', () => {
    const filters = eventFilters('node-a');
    expect(filters).toHaveLength(WATCHED_TOPICS.length);
    expect(filters).toContain('namespace=="node-a",topic=="/tasks/exit"');
    expect(filters).toContain('namespace=="node-a",topic=="/containers/delete"');
  });
});

describe('containerd ownership marks', () => {
  test('container ids are deterministic, distinct per component and within containerd\'s identifier grammar', () => {
    const a = containerIdFor('urn:ngsi-ld:ServiceComponent:a');
    expect(a).toBe(containerIdFor('urn:ngsi-ld:ServiceComponent:a'));
    expect(a).not.toBe(containerIdFor('urn:ngsi-ld:ServiceComponent:b'));
    expect(a).toMatch(/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/);
    expect(a.length).toBeLessThanOrEqual(76);
  });
  test('the ownership filter quotes the label key', () => {
    expect(OWNED_FILTER).toBe('labels."app.kubernetes.io/managed-by"=="continuum-fabric"');
  });
});
