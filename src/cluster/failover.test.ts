import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FAULT_SCENARIOS, FaultBed, type FaultRow, faultTable, runFault } from './faults.js';
import { NatsCluster } from './nats_cluster.js';

// The short version of the fault table (issue 18): each fault once; `npm run bench -- cluster`
// runs each several times. What each checks is in faults.ts.
describe('faults between processes', { timeout: 240_000 }, () => {
  let cluster: NatsCluster;
  let bed: FaultBed;
  const rows: FaultRow[] = [];

  before(async () => {
    cluster = await NatsCluster.start();
    bed = await FaultBed.open(cluster);
  });
  after(async () => {
    await bed?.close();
    await cluster?.stop();
    process.stdout.write(faultTable(rows));
  });

  for (const [index, scenario] of FAULT_SCENARIOS.entries()) {
    test(scenario.fault, async () => {
      const row = await runFault(bed, scenario, `fault${index}`);
      rows.push(row);
      assert.ok(row.passed, row.outcome);
    });
  }
});
