import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER, auditCsvLine, csvField, csvLine } from './audit-csv.js';

describe('csvField', () => {
  it('leaves plain text as it is', () => {
    expect(csvField('user.status')).toBe('user.status');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('quotes fields with a comma, quote or line break and doubles quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('neutralises cells a spreadsheet would evaluate', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    // Only the start counts.
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('csvLine', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
    expect(csvLine(AUDIT_CSV_HEADER)).toBe(
      'at,actor_handle,action,target_type,target_id,target_label,details\r\n',
    );
  });
});

describe('auditCsvLine', () => {
  it('writes an entry in header order with details as JSON', () => {
    const line = auditCsvLine({
      at: new Date('2026-12-06T12:00:00.000Z'),
      actorHandle: 'ada',
      action: 'user.status',
      targetType: 'user',
      targetId: '0b8f0e3c-8d63-4d35-9f0e-7d4a3f2d6c11',
      targetLabel: '=evil',
      details: { status: 'suspended', reason: 'spam, "lots"' },
    });
    expect(line).toBe(
      '2026-12-06T12:00:00.000Z,ada,user.status,user,0b8f0e3c-8d63-4d35-9f0e-7d4a3f2d6c11,' +
        `'=evil,"{""status"":""suspended"",""reason"":""spam, \\""lots\\""""}"\r\n`,
    );
  });
});
