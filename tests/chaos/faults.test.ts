import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '@outloud/infra';
import { runCase, type Fault } from './run-case.js';
import { startChaosWorld, type ChaosWorld } from './world.js';
import { printSummary, Workload, type CaseFigures } from './workload.js';

describe('every accepted write survives a crash of any process or server', () => {
  let world: ChaosWorld;
  let workload: Workload;
  const figures: CaseFigures[] = [];

  beforeAll(async () => {
    world = await startChaosWorld();
    workload = new Workload(() => world.gatewayUrls());
    await workload.setUp();
  });
  afterAll(async () => {
    if (figures.length) printSummary('Chaos: one instance of each service', figures);
    await world?.[Symbol.asyncDispose]();
  });

  const check = async (fault: Fault) => {
    const result = await runCase(world, workload, fault);
    const { problems, ...row } = result;
    figures.push(row);
    expect(problems, world.logTail()).toEqual([]);
    expect(result.accepted).toBeGreaterThan(0);
  };

  for (const name of SERVICES) {
    it(`loses nothing when ${name} is killed (-9) and restarted`, async () => {
      const instance = world.instances.find((i) => i.name === name)!;
      await check({
        name: `kill -9 ${name}`,
        down: () => world.kill(instance),
        up: () => world.restart(instance),
      });
    });
  }

  it('loses nothing when NATS restarts with its store', async () => {
    await check({
      name: 'restart NATS',
      down: () => world.nats.stop(),
      up: () => world.nats.start(),
    });
  });

  it('loses nothing when Postgres crashes (immediate stop) and starts again', async () => {
    await check({
      name: 'crash Postgres',
      down: () => world.postgres.stop(),
      up: () => world.postgres.start(),
    });
  });

  it('loses nothing when Meilisearch is killed (-9) and a new one starts on its data', async () => {
    await check({
      name: 'kill -9 Meilisearch',
      down: () => world.killMeili(),
      up: () => world.restartMeili(),
    });
  });
});
