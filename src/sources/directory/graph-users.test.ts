import { describe, expect, it } from 'vitest';
import type { Event } from '../../events/event.js';
import type { Reject } from '../../store/store.js';
import { graphUsersDecoder } from './graph-users.js';

function decode(lines: string[]): { events: Event[]; rejects: Reject[] } {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const d = graphUsersDecoder.open('users.json', {
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: () => {},
  });
  for (const [i, l] of lines.entries()) d.line(l, i + 1);
  d.end();
  return { events, rejects };
}

const PAGE = {
  '@odata.context':
    'https://graph.microsoft.com/v1.0/$metadata#users(userPrincipalName,displayName,jobTitle,department,manager())',
  value: [
    {
      id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      userPrincipalName: 'AdeleV@contoso.com',
      displayName: 'Adele Vance',
      jobTitle: 'Retail Manager',
      department: 'Retail',
      manager: { '@odata.type': '#microsoft.graph.user', id: 'x', userPrincipalName: 'MiriamG@contoso.com' },
    },
    {
      id: 'y',
      userPrincipalName: 'MiriamG@contoso.com',
      displayName: 'Miriam Graham',
      jobTitle: 'Director',
      department: 'Sales & Marketing',
      createdDateTime: '2019-08-29T03:28:19Z',
    },
    { id: 'z', displayName: 'No UPN' },
  ],
};

describe('Graph users decoder', () => {
  it('reads a pretty-printed Graph page with the manager expanded', () => {
    const { events, rejects } = decode(JSON.stringify(PAGE, null, 2).split('\n'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      kind: 'org.directory',
      time: 0,
      user: 'adelev@contoso.com',
      manager: 'miriamg@contoso.com',
      department: 'Retail',
      title: 'Retail Manager',
      displayName: 'Adele Vance',
    });
    expect(events[1]).not.toHaveProperty('manager');
    expect(events[1]!.time).toBe(Date.parse('2019-08-29T03:28:19Z'));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(/userPrincipalName/);
  });

  it('reads JSON lines of users', () => {
    const lines = PAGE.value.slice(0, 2).map((u) => JSON.stringify(u));
    const { events } = decode(lines);
    expect(events.map((e) => e.source.line)).toEqual([1, 2]);
  });

  it('sniffs Graph users and not prompts', () => {
    expect(graphUsersDecoder.sniff(JSON.stringify(PAGE), 'x')).toBeGreaterThan(0.9);
    expect(graphUsersDecoder.sniff('{"time":"2026-01-01T00:00:00Z","actor":"a","prompt":"x"}', 'x')).toBe(0);
  });
});
