import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayAt,
  daysBetween,
  isCalendarDate,
  isTimeZone,
  localDate,
  startOfDay,
  startOfLocalDay,
} from './calendar.js';

describe('challenge calendar', () => {
  const berlin = { startDate: '2026-03-27', days: 5, timeZone: 'Europe/Berlin' };

  it('starts day 1 at local midnight, not UTC midnight', () => {
    expect(startOfDay(berlin, 1).toISOString()).toBe('2026-03-26T23:00:00.000Z');
    expect(dayAt(berlin, new Date('2026-03-26T22:59:59Z'))).toBe(0);
    expect(dayAt(berlin, new Date('2026-03-26T23:00:00Z'))).toBe(1);
  });

  it('keeps days starting at midnight across the spring DST change (a 23-hour day)', () => {
    // Clocks go forward in Berlin on 2026-03-29 at 02:00 (UTC+1 → UTC+2).
    expect(startOfDay(berlin, 3).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay(berlin, 4).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(dayAt(berlin, new Date('2026-03-29T21:59:59Z'))).toBe(3);
    expect(dayAt(berlin, new Date('2026-03-29T22:00:00Z'))).toBe(4);
  });

  it('keeps days starting at midnight across the autumn DST change (a 25-hour day)', () => {
    // New York falls back on 2026-11-01 at 02:00 (UTC-4 → UTC-5).
    const ny = { startDate: '2026-10-31', days: 3, timeZone: 'America/New_York' };
    expect(startOfDay(ny, 2).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDay(ny, 3).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(dayAt(ny, new Date('2026-11-02T04:30:00Z'))).toBe(2);
    expect(dayAt(ny, new Date('2026-11-02T05:00:00Z'))).toBe(3);
  });

  it('finds the first instant of a date whose midnight does not exist', () => {
    // Santiago springs forward at 24:00 on 2026-09-05: 2026-09-06 begins at 01:00 local (UTC-3).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(new Date(start.getTime() - 1000), 'America/Santiago')).toBe('2026-09-05');
  });

  it('counts the day after the last as over, and days before the start as 0', () => {
    expect(dayAt(berlin, new Date('2026-03-20T12:00:00Z'))).toBe(0);
    expect(dayAt(berlin, new Date('2026-04-01T12:00:00Z'))).toBe(6);
    expect(dayAt(berlin, new Date('2026-06-01T12:00:00Z'))).toBe(6);
  });

  it('uses the zone east of UTC where the date has already changed', () => {
    const tokyo = { startDate: '2026-05-02', days: 2, timeZone: 'Asia/Tokyo' };
    expect(dayAt(tokyo, new Date('2026-05-01T15:00:00Z'))).toBe(1);
    expect(dayAt(tokyo, new Date('2026-05-01T14:59:59Z'))).toBe(0);
  });

  it('does calendar arithmetic on dates and checks them', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-03-27', '2026-04-01')).toBe(5);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
