import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '@outloud/infra';
import { runCase } from './run-case.js';
import { startChaosWorld, type ChaosWorld } from './world.js';
import { printSummary, Workload, type CaseFigures } from './workload.js';

describe('two instances of every service', () => {
  let world: ChaosWorld;
  let workload: Workload;
  const figures: CaseFigures[] = [];

  beforeAll(async () => {
    world = await startChaosWorld();
    // The stream and consumers exist by now, so the second instances can start side by side.
    await Promise.all(SERVICES.map((name) => world.add(name)));
    workload = new Workload(() => world.gatewayUrls());
    await workload.setUp();
  });
  afterAll(async () => {
    if (figures.length) printSummary('Chaos: two instances of each service', figures);
    await world?.[Symbol.asyncDispose]();
  });

  it('loses and duplicates nothing when one instance of each is killed (-9) mid-stream', async () => {
    expect(world.gatewayUrls()).toHaveLength(2);
    const { problems, ...row } = await runCase(world, workload, {
      name: 'kill -9 one of two of each',
      down: async () => {
        // The first instance of each service, all at once, with writes going to both gateways.
        const victims = SERVICES.map((name) => world.instances.find((i) => i.name === name)!);
        await Promise.all(victims.map((victim) => world.kill(victim)));
      },
    });
    figures.push(row);
    expect(problems, world.logTail()).toEqual([]);
    expect(row.accepted).toBeGreaterThan(0);
    expect(world.gatewayUrls()).toHaveLength(1);
  });
});
