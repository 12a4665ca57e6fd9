import { describe, expect, it } from 'vitest';
import { resourceArea } from './resource-area.js';

describe('resourceArea', () => {
  it('keeps the site or folder, not the file', () => {
    expect(resourceArea('sharepoint:/sites/finance/q1.xlsx')).toBe('sharepoint:/sites/finance');
    expect(resourceArea('sharepoint:/sites/Finance/Shared Documents/2026/q1.xlsx')).toBe('sharepoint:/sites/finance');
    expect(resourceArea('https://contoso.sharepoint.com/sites/hr/x.docx?web=1')).toBe(
      'contoso.sharepoint.com/sites/hr',
    );
    expect(resourceArea('s3://bucket/reports/2026/q1.csv')).toBe('s3://bucket/reports/2026');
    expect(resourceArea('crm.accounts')).toBe('crm.accounts');
  });

  it('puts files of one site in one area and different sites apart', () => {
    expect(resourceArea('sharepoint:/sites/finance/a.xlsx')).toBe(resourceArea('sharepoint:/sites/finance/b.docx'));
    expect(resourceArea('sharepoint:/sites/finance/a.xlsx')).not.toBe(resourceArea('sharepoint:/sites/hr/a.xlsx'));
  });
});
