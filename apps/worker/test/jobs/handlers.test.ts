import { describe, expect, it } from 'vitest';
import { JOBS } from '@klub/contracts';
import { HANDLERS, SCHEDULES } from '../../src/jobs/index.js';

describe('job handlers (STYLE.md §2.6)', () => {
  it('has exactly one handler for every job of JOBS, on the job’s queue', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(JOBS.map((j) => j.name).sort());
    for (const job of JOBS) {
      const handler = HANDLERS[job.name];
      expect(handler.name).toBe(job.name);
      expect(handler.queue).toBe(job.queue);
    }
    expect(new Set(Object.values(HANDLERS)).size).toBe(JOBS.length);
  });

  it('schedules known jobs under distinct ids, with payloads their schemas accept', () => {
    expect(new Set(SCHEDULES.map((s) => s.id)).size).toBe(SCHEDULES.length);
    for (const schedule of SCHEDULES) {
      const job = JOBS.find((j) => j.name === schedule.job);
      expect(job?.payload.safeParse(schedule.data).success).toBe(true);
    }
  });
});
