import { eventually, startPrivateNatsServer, testNatsUrl, testPrefix } from '@outloud/testkit';
import { describe, expect, it } from 'vitest';
import { connectNats, drainNats, encodeJson, watchInvalidations } from '../src/index.js';

describe('watching a subject that tells a cache what to drop', () => {
  it('hands over each message decoded, and an unreadable one as undefined', async () => {
    const nc = await connectNats({ url: testNatsUrl(), name: 'invalidations-test' });
    const subject = `${testPrefix()}.cache.changed`;
    const heard: unknown[] = [];
    let lost = 0;
    const watch = watchInvalidations(nc, subject, {
      message: (data) => heard.push(data),
      lost: () => lost++,
    });
    try {
      await nc.flush();
      nc.publish(subject, encodeJson({ user: 'ada' }));
      nc.publish(subject, new TextEncoder().encode('not json'));
      await eventually(() => (heard.length === 2 ? true : undefined), { what: 'both messages' });
      expect(heard).toEqual([{ user: 'ada' }, undefined]);
      expect(lost).toBe(0);
      expect(watch.connected).toBe(true);

      // Stopped, it hears nothing more.
      watch.stop();
      await nc.flush();
      nc.publish(subject, encodeJson({ user: 'grace' }));
      await nc.flush();
      expect(heard).toHaveLength(2);
    } finally {
      watch.stop();
      await drainNats(nc);
    }
  });

  it('counts a disconnect and a reconnect as messages lost, and is not connected in between', async () => {
    await using server = await startPrivateNatsServer();
    const nc = await connectNats({ url: server.url, name: 'invalidations-test' });
    let lost = 0;
    const watch = watchInvalidations(nc, 'cache.changed', {
      message: () => undefined,
      lost: () => lost++,
    });
    try {
      await server.stop();
      await eventually(() => (lost === 1 ? true : undefined), { what: 'the disconnect' });
      expect(watch.connected).toBe(false);

      await server.start();
      await eventually(() => (lost === 2 ? true : undefined), {
        what: 'the reconnect',
        timeoutMs: 15_000,
      });
      expect(watch.connected).toBe(true);
    } finally {
      watch.stop();
      await drainNats(nc);
    }
  });
});
