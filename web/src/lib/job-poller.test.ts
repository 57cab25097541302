import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobPoller } from './job-poller';

interface Job {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress: number;
}

describe('jobPoller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again each interval while the job runs, and stops once it has finished', async () => {
    const answers: Job[] = [
      { id: 'j1', status: 'running', progress: 40 },
      { id: 'j1', status: 'done', progress: 100 },
    ];
    const read = vi.fn(async () => answers.shift()!);
    const seen: number[] = [];
    const poller = jobPoller<Job>({
      read,
      onjob: (job) => seen.push(job.progress),
      onerror: () => {},
      intervalMs: 1000,
    });

    poller.follow({ id: 'j1', status: 'running', progress: 0 });
    await vi.advanceTimersByTimeAsync(999);
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledWith('j1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([40, 100]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('does not ask about a job that no longer runs', async () => {
    const read = vi.fn(async (id: string): Promise<Job> => ({ id, status: 'done', progress: 100 }));
    const poller = jobPoller<Job>({ read, onjob: () => {}, onerror: () => {} });
    poller.follow({ id: 'j2', status: 'failed', progress: 10 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(read).not.toHaveBeenCalled();
  });

  it('reports a failed read and tries again after the interval', async () => {
    const read = vi
      .fn<(id: string) => Promise<Job>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce({ id: 'j3', status: 'done', progress: 100 });
    const errors: unknown[] = [];
    const jobs: Job[] = [];
    const poller = jobPoller<Job>({
      read,
      onjob: (job) => jobs.push(job),
      onerror: (cause) => errors.push(cause),
      intervalMs: 500,
    });

    await poller.poll('j3');
    expect(errors).toHaveLength(1);
    expect(jobs).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(jobs.map((job) => job.status)).toEqual(['done']);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('asks nothing more, and hands nothing over, once stopped', async () => {
    let answer: (job: Job) => void = () => {};
    const read = vi.fn(() => new Promise<Job>((resolve) => (answer = resolve)));
    const onjob = vi.fn();
    const poller = jobPoller<Job>({ read, onjob, onerror: () => {}, intervalMs: 100 });

    const reading = poller.poll('j4');
    poller.stop();
    answer({ id: 'j4', status: 'running', progress: 5 });
    await reading;
    await vi.advanceTimersByTimeAsync(1000);
    expect(onjob).not.toHaveBeenCalled();
    expect(read).toHaveBeenCalledTimes(1);
  });
});
