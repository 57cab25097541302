import { describe, expect, it } from 'vitest';
import { createShutdown } from './shutdown.js';

const quiet = { info: () => undefined, error: () => undefined };

describe('createShutdown', () => {
  it('runs every step once, the last added first', async () => {
    const ran: string[] = [];
    const shutdown = createShutdown(quiet);
    for (const name of ['database', 'nats', 'service', 'ops server'])
      shutdown.add({ name, run: () => void ran.push(name) });
    const [first, second] = await Promise.all([shutdown.run('SIGTERM'), shutdown.run('SIGINT')]);
    expect(ran).toEqual(['ops server', 'service', 'nats', 'database']);
    expect([first, second]).toEqual([0, 0]);
    expect(shutdown.started).toBe(true);
  });

  it('logs a failing step, still runs the next ones and returns 1', async () => {
    const ran: string[] = [];
    const errors: { step?: string }[] = [];
    const shutdown = createShutdown({ info: () => undefined, error: (o) => void errors.push(o) });
    shutdown.add({ name: 'database', run: () => void ran.push('database') });
    shutdown.add({ name: 'nats', run: () => Promise.reject(new Error('drain failed')) });
    shutdown.add({
      name: 'service',
      run: () => {
        throw new Error('stop failed');
      },
    });
    expect(await shutdown.run('SIGTERM')).toBe(1);
    expect(ran).toEqual(['database']);
    expect(errors.map((e) => e.step)).toEqual(['service', 'nats']);
  });
});
