import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach, user } from './breachFixture.js';
import { breachLinks, endpointHost } from './links.js';

describe('breach links', () => {
  it('reduces endpoint ids to their host', () => {
    expect(
      ['193.42.33.7:8080', '[2001:db8::1]:443', '2001:db8::1', 'evil.example:7365', 'evil.example'].map(endpointHost),
    ).toEqual(['193.42.33.7', '2001:db8::1', '2001:db8::1', 'evil.example', 'evil.example']);
  });

  it('links by entity, named identities, shared endpoints and logged-in users, not by AI tools', () => {
    const b = makeBreach({
      model: 'M',
      time: 0,
      entity: device('10.0.0.5'),
      score: 50,
      related: [endpoint('45.9.148.3:443'), user('Bob@Contoso.com'), { kind: 'ai-app', id: 'chat.contoso-ai' }],
    });
    expect(breachLinks(b, () => [user('carol@contoso.com')])).toEqual([
      { key: 'dev:10.0.0.5', type: 'entity' },
      { key: 'ext:endpoint:45.9.148.3', type: 'shared' },
      { key: 'id:bob@contoso.com', type: 'entity' },
      { key: 'id:carol@contoso.com', type: 'entity' },
    ]);
  });
});
