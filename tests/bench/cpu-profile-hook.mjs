// Preloaded into service processes by `BENCH_CPU_PROFILE` (Node refuses `--cpu-prof` in
// NODE_OPTIONS): profiles each service from start to exit and writes a .cpuprofile to that folder.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE;
const service = process.env.SERVICE_NAME;
if (dir && service) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.once('exit', () => {
    // The in-process inspector answers synchronously, so this runs to the end before exit.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const file = path.join(dir, `${service}-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
