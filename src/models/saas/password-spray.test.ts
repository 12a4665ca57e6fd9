import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, T0 } from './events.suite.js';
import model from './password-spray.js';

const users = organisation(30);
const history = benignDays(users, 5);
const t = T0 + 6 * DAY + 3 * HOUR;
const sprayer = net('45.155.205.3', 'RU', 210644, 'AEZA GROUP Ltd', 'hosting');

describe(model.meta.name, () => {
  test('fires when one IP fails against many users, and again as the spray doubles, naming every account', () => {
    const spray = users.slice(0, 25).map((u, i) => login(u.upn, t + i * MIN, sprayer, { success: false }));
    const { breaches } = run([model], [...history, ...spray]);
    const sprayed = (n: number) =>
      users
        .slice(0, n)
        .map((u) => ({ kind: 'user', id: u.upn }))
        .sort((a, b) => a.id.localeCompare(b.id));
    // At 10 accounts, then at 20; the 25th does not reach 40.
    expect(breaches).toHaveLength(2);
    expect(breaches[0]!.related).toEqual([{ kind: 'endpoint', id: sprayer.ip }, ...sprayed(10)]);
    expect(breaches[0]!.evidence[1]).toMatchObject({ value: 10 });
    expect(breaches[1]!.related).toEqual([{ kind: 'endpoint', id: sprayer.ip }, ...sprayed(20)]);
    expect(breaches[1]!.summary).toMatch(
      /^20 different users failed to sign in from 45\.155\.205\.3 .*doubled since raised at 10/,
    );
    expect(String(breaches[1]!.evidence.find((e) => e.label === 'Users')!.value).split(', ')).toHaveLength(20);
  });

  test('stays silent for one user retrying many times, and for failures spread over many IPs', () => {
    const retry = Array.from({ length: 25 }, (_, i) => login(users[0]!.upn, t + i * MIN, sprayer, { success: false }));
    const spread = users.slice(0, 25).map((u, i) => login(u.upn, t + i * MIN, u.home, { success: false }));
    expect(run([model], [...history, ...retry, ...spread]).breaches).toHaveLength(0);
  });
});
