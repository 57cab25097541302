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

  it('serves through both gateways: every write applied once, the same feed read through each', async () => {
    const { problems, ...row } = await runCase(world, workload, {
      name: 'two of each, all up',
      down: async () => undefined,
    });
    figures.push(row);
    expect(problems, world.logTail()).toEqual([]);
    const written = workload.accepted.filter((w) => w.phase === row.name).map((w) => w.id);
    expect(written.length).toBeGreaterThan(0);
    const [first, second] = world.gatewayUrls();
    const [throughFirst, throughSecond] = await Promise.all([
      workload.feedIds(first),
      workload.feedIds(second),
    ]);
    expect([...throughSecond].sort()).toEqual([...throughFirst].sort());
    for (const id of written) expect(throughSecond.has(id)).toBe(true);
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
