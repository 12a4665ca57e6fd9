/**
 * The area a resource belongs to: the site, library or folder rather than the single file, so that
 * "touches the finance site" is learnt once and not once per spreadsheet.
 *
 * `sharepoint:/sites/finance/q1.xlsx` -> `sharepoint:/sites/finance`;
 * `https://contoso.sharepoint.com/sites/hr/x.docx` -> `contoso.sharepoint.com/sites/hr`;
 * `s3://bucket/reports/2026/q1.csv` -> `s3://bucket/reports/2026`; `crm.accounts` -> `crm.accounts`.
 */
export function resourceArea(resource: string): string {
  let r = resource.trim().toLowerCase();
  const q = r.search(/[?#]/);
  if (q !== -1) r = r.slice(0, q);
  let prefix = '';
  let hostLike = false;
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/.exec(r);
  if (scheme) {
    hostLike = scheme[2] === '//';
    prefix = scheme[1] === 'http' || scheme[1] === 'https' ? '' : scheme[0];
    r = r.slice(scheme[0].length);
  }
  const lead = !hostLike && r.startsWith('/') ? '/' : '';
  const parts = r.split('/').filter((p) => p !== '');
  if (parts.length > 1 && parts[parts.length - 1]!.includes('.')) parts.pop();
  // A host (for URLs) plus two path segments: "/sites/<name>", "/teams/<name>", "bucket/folder".
  return prefix + lead + parts.slice(0, hostLike ? 3 : 2).join('/');
}
