/** One terminal line per stage, rewritten in place with `\r`: `people  120/300 ████░░░░`. */
export interface Progress {
  stage(name: string, total: number): void;
  tick(): void;
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let name = '';
  let total = 0;
  let count = 0;
  let lastDraw = 0;
  const draw = (force: boolean): void => {
    const now = Date.now();
    // Redraw at most ten times a second: the terminal is slower than the seed.
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 24;
    const filled = total === 0 ? width : Math.round((count / total) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    stream.write(`\r${name.padEnd(14)} ${String(count).padStart(6)}/${total} ${bar}`);
  };
  const finish = (): void => {
    if (name) {
      draw(true);
      stream.write('\n');
    }
    name = '';
  };
  return {
    stage(next, size) {
      finish();
      name = next;
      total = size;
      count = 0;
      draw(true);
    },
    tick() {
      count++;
      draw(count === total);
    },
    done: finish,
  };
}

export const silentProgress: Progress = { stage() {}, tick() {}, done() {} };
