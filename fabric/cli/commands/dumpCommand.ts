import { FabricClient } from '../../client/FabricClient.js';
import { DurableGraphStore } from '../../store/durable/DurableGraphStore.js';
import type { DumpOptions } from '../program.js';
import type { CliIo } from '../CliIo.js';

/**
 * N-Quads of the whole dataset (or N-Triples of one graph) from a running node (GSP GET; --tenant: that NGSI-LD tenant's
 * dataset, GS CIM 009 §4.14) or a stopped node's data dir.
 */
export async function dumpCommand(options: DumpOptions, io: CliIo): Promise<void> {
  if (options.dataDir) {
    if (options.tenant) throw new Error('--tenant asks a running node (--url); offline, give the tenant\'s own data directory (<data-dir>/tenants/<name>) as --data-dir.');
    const store = await DurableGraphStore.open(options.dataDir);
    try {
      io.out(store.dump(options.graph ? 'application/n-triples' : 'application/n-quads', options.graph));
    } finally {
      await store.close();
    }
    return;
  }
  const client = new FabricClient({ url: options.url, ...(options.tenant ? { tenant: options.tenant } : {}) });
  const res = await client.getGraph(options.graph ? { graph: options.graph } : undefined, options.graph ? 'application/n-triples' : 'application/n-quads');
  io.out(res.body === '' || res.body.endsWith('\n') ? res.body : res.body + '\n');
}
