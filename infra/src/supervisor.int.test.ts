import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { spawnManaged, stopAll, type ManagedProcess } from './processes.js';
import { supervise, type Supervised } from './supervisor.js';

/** A real child process running `script` with Node; its lines go to `lines`. */
function nodeScript(name: string, script: string, lines: string[]): () => ManagedProcess {
  return () =>
    spawnManaged({
      name,
      command: process.execPath,
      args: ['-e', script],
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      sink: (source, line) => void lines.push(`[${source}] ${line}`),
    });
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const fast = { initialDelayMs: 20, maxDelayMs: 200 };

describe('supervise', () => {
  it('restarts a crashed process after saying why, until it stays up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outloud-supervisor-'));
    const counter = join(dir, 'runs');
    // Crashes on its first two runs (exit code 3), then stays up.
    const script = `
      const fs = require('node:fs');
      const runs = fs.existsSync(${JSON.stringify(counter)})
        ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;
      fs.writeFileSync(${JSON.stringify(counter)}, String(runs + 1));
      if (runs < 2) { console.log('failing on run ' + runs); process.exit(3); }
      console.log('up on run ' + runs);
      setInterval(() => {}, 1000);`;
    const lines: string[] = [];
    let supervised: Supervised | undefined;
    try {
      supervised = supervise({
        name: 'worker',
        spawn: nodeScript('worker', script, lines),
        sink: (source, line) => void lines.push(`[${source}] ${line}`),
        policy: fast,
      });
      const watched = supervised;
      await until(() => lines.includes('[worker] up on run 2'), 'the third run');
      expect(watched.restarts).toBe(2);
      expect(watched.current().isRunning()).toBe(true);
      expect(await readFile(counter, 'utf8')).toBe('3');
      const crashReport = lines.find((l) => l.includes('worker exited unexpectedly'));
      expect(crashReport).toContain('(exit code 3)');
      expect(crashReport).toContain('failing on run 0');
      expect(lines).toContain('[outloud] Restarting worker in 20 ms…');
      expect(lines).toContain('[outloud] Restarting worker in 40 ms…');
    } finally {
      supervised?.stop();
      if (supervised) await stopAll([supervised.current()], 5_000);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a process that crash-loops, with a clear message', async () => {
    const lines: string[] = [];
    const supervised = supervise({
      name: 'broken',
      spawn: nodeScript('broken', `console.error('cannot open the thing'); process.exit(1)`, lines),
      sink: (source, line) => void lines.push(`[${source}] ${line}`),
      policy: { ...fast, maxCrashes: 3 },
    });
    const loop = await supervised.gaveUp;
    expect(loop).toMatchObject({ name: 'broken', crashes: 3, exit: { code: 1, signal: null } });
    expect(loop.logTail).toContain('cannot open the thing');
    expect(supervised.restarts).toBe(2);
    expect(lines).toContain(
      '[outloud] broken crashed 3 times within 60 s; not restarting it again.',
    );
    expect(supervised.current().isRunning()).toBe(false);
  });

  it('reports a process killed by a signal, and does not restart one stopped on purpose', async () => {
    const lines: string[] = [];
    const stopping = new Set<ManagedProcess>();
    const supervised = supervise({
      name: 'sleeper',
      spawn: nodeScript('sleeper', `console.log('sleeping'); setInterval(() => {}, 1000)`, lines),
      sink: (source, line) => void lines.push(`[${source}] ${line}`),
      policy: fast,
      isExpected: (proc) => stopping.has(proc),
    });
    try {
      await until(() => lines.includes('[sleeper] sleeping'), 'the first run');
      supervised.current().kill('SIGKILL');
      await until(() => supervised.restarts === 1, 'a restart');
      expect(lines.find((l) => l.includes('sleeper exited unexpectedly'))).toContain(
        'killed by SIGKILL',
      );

      const second = supervised.current();
      stopping.add(second);
      await stopAll([second], 5_000);
      await sleep(200);
      expect(supervised.restarts).toBe(1);
    } finally {
      supervised.stop();
      await stopAll([supervised.current()], 5_000);
    }
  });
});
