import { describe, expect, it } from 'vitest';
import { extractEmails } from './invite-emails';

describe('extractEmails', () => {
  it('reads one address a line', () => {
    expect(extractEmails('ada@example.com\nbob@example.org\n\n')).toEqual([
      'ada@example.com',
      'bob@example.org',
    ]);
  });

  it('splits on commas, semicolons and spaces', () => {
    expect(extractEmails('ada@example.com, bob@example.org;cy@example.net  di@example.io')).toEqual(
      ['ada@example.com', 'bob@example.org', 'cy@example.net', 'di@example.io'],
    );
  });

  it('finds the address column of a CSV export, header and other columns aside', () => {
    const csv = [
      'Name,Email,Team',
      '"Lovelace, Ada",ada@example.com,Engineering',
      'Bob,"BOB@Example.org",Sales',
      'Nobody,,Support',
    ].join('\r\n');
    expect(extractEmails(csv)).toEqual(['ada@example.com', 'bob@example.org']);
  });

  it('takes addresses out of display forms and sentences', () => {
    expect(extractEmails('"Ada" <ada@example.com>, and also cy@example.net.')).toEqual([
      'ada@example.com',
      'cy@example.net',
    ]);
  });

  it('lowercases and keeps each address once, in first-seen order', () => {
    expect(extractEmails('B@x.io a@x.io b@X.IO')).toEqual(['b@x.io', 'a@x.io']);
  });

  it('ignores text without a valid domain', () => {
    expect(extractEmails('ada@ @example.com ada@localhost name')).toEqual([]);
  });
});
