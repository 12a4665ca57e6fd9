import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach } from '../src/analyst/breachFixture.js';
import { DeviceProfiles } from '../src/baseline/network/device-profile.js';
import { patternOfLife } from '../src/cli/run.js';
import type { Action, ActionKind } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import { NftablesExecutor, type NftablesOptions, runCommand } from '../src/response/executors/nftables.js';
import { nftRuleset } from '../src/response/executors/nftRuleset.js';
import { ResponsePolicy } from '../src/response/policy.js';

const NFT = '/usr/sbin/nft';
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T09:00:00Z');

function action(kind: ActionKind, device: string, scope?: Action['scope']): Action {
  return {
    id: `a-${kind.slice(0, 5)}01`,
    action: kind,
    target: { kind: 'device', id: device },
    ...(scope ? { scope } : {}),
    mode: 'autonomous',
    reason: ['b-1'],
    rule: 'Response / Network / Significant Anomaly from Client Block',
    start: T0,
    expires: T0 + HOUR,
    status: 'active',
    audit: [],
  };
}

const rulesetOpts = {
  tablePrefix: 'telltale',
  hooks: ['forward', 'output'] as const,
  alwaysAllow: ['10.0.0.53'],
  patternOfLife: () => ['140.82.112.3', '52.96.0.0/14'],
};

describe('nftables rule sets', () => {
  it('blocks the endpoints of one device both ways, merges nested ranges, skips names and the other family', () => {
    const text = nftRuleset(
      action('block_connections', '10.1.4.23', {
        endpoints: ['45.9.148.3', '45.9.148.0/28', 'evil.example', '2001:db8::1', '185.220.101.47'],
      }),
      rulesetOpts,
      T0 + 15 * 60_000,
    );
    expect(text).toContain('elements = { 185.220.101.47 timeout 2700s, 45.9.148.0/28 timeout 2700s }');
    expect(text).toContain('ip saddr 10.1.4.23 ip daddr @blocked counter reject');
    expect(text).toContain('ip daddr 10.1.4.23 ip saddr @blocked counter drop');
    expect(text.match(/type filter hook (\w+)/g)).toEqual(['type filter hook forward', 'type filter hook output']);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'table inet telltale_a_block01',
      'delete table inet telltale_a_block01',
    ]);
  });

  it('enforces a pattern of life as an allow set and quarantines to the always-allowed', () => {
    const pol = nftRuleset(action('enforce_pattern_of_life', '10.1.4.23'), rulesetOpts, T0);
    expect(pol).toContain('elements = { 10.0.0.53, 140.82.112.3, 52.96.0.0/14 }');
    expect(pol).toMatch(/ip saddr 10.1.4.23 ip daddr @allowed accept\n\s+ip saddr 10.1.4.23 counter reject/);
    const q = nftRuleset(action('quarantine_device', 'fd00::17'), rulesetOpts, T0);
    expect(q).toContain('type ipv6_addr');
    expect(q).not.toContain('elements');
    expect(q).toContain('ip6 saddr fd00::17 counter drop');
    expect(q).toContain('ip6 daddr fd00::17 counter drop');
  });

  it('keeps the endpoints behind a pattern-of-life action out of its allow set, and asks only for what came before it', () => {
    const asked: [string, number][] = [];
    const learned = {
      ...rulesetOpts,
      // The live profile has learned the C2 endpoint the breach was about.
      patternOfLife: (dev: string, before: number) => {
        asked.push([dev, before]);
        return ['140.82.112.3', '45.9.148.3'];
      },
    };
    const denied = nftRuleset(action('enforce_pattern_of_life', '10.1.4.23', { deny: ['45.9.148.3'] }), learned, T0);
    expect(denied).toContain('elements = { 10.0.0.53, 140.82.112.3 }');
    expect(denied).not.toContain('45.9.148.3');
    expect(asked).toEqual([['10.1.4.23', T0]]);
    const without = nftRuleset(action('enforce_pattern_of_life', '10.1.4.23'), learned, T0);
    expect(without).toContain('45.9.148.3');
  });

  it('refuses what it cannot express', () => {
    expect(() => nftRuleset(action('block_connections', 'laptop-17'), rulesetOpts, T0)).toThrow(/device IP/);
    expect(() =>
      nftRuleset(action('block_connections', '10.0.0.5', { endpoints: ['evil.example'] }), rulesetOpts, T0),
    ).toThrow('no IPv4 endpoints to block for 10.0.0.5: the breaches named host names only (evil.example)');
    expect(() => nftRuleset({ ...action('force_logout', '10.0.0.5') }, rulesetOpts, T0)).toThrow(/cannot carry out/);
  });

  it('blocks the address a breach saw for a host name, keeping the name in the action for people', async () => {
    // Possible SSL Command and Control names both the server's address and its SNI.
    const breach = makeBreach({
      model: 'Compromise::Possible SSL Command and Control',
      time: T0,
      entity: device('10.1.4.23'),
      score: 88,
      related: [endpoint('45.77.12.35'), endpoint('cdn-update.example')],
    });
    const policy = new ResponsePolicy({ config: responseConfigSchema.parse({ maxMode: 'autonomous' }) });
    const [block] = policy.onBreach(breach);
    expect(block!.scope).toEqual({ endpoints: ['45.77.12.35', 'cdn-update.example'] });
    const printed: string[] = [];
    const ex = new NftablesExecutor({
      ...rulesetOpts,
      nft: [NFT],
      dryRun: true,
      print: (t) => printed.push(t),
      now: () => T0,
    });
    expect(await ex.apply(block!)).toMatch(/; addresses only, not matched by name: cdn-update\.example$/);
    expect(printed[0]).toContain('elements = { 45.77.12.35 timeout 3600s }');
    expect(printed[0]).not.toContain('cdn-update');
  });

  it('prints instead of applying in dry-run mode', async () => {
    const printed: string[] = [];
    const ex = new NftablesExecutor({
      ...rulesetOpts,
      nft: ['/nonexistent/nft'],
      dryRun: true,
      print: (t) => printed.push(t),
      now: () => T0,
    });
    const a = action('block_connections', '10.0.0.5', { endpoints: ['45.9.148.3'] });
    expect(await ex.apply(a)).toBe('dry run: printed table inet telltale_a_block01');
    await ex.revert(a);
    expect(printed[0]).toContain('45.9.148.3 timeout 3600s');
    expect(printed[1]).toBe('delete table inet telltale_a_block01\n');
  });
});

/** Whether nft can check rule sets here: it needs the binary and netlink rights (root or CAP_NET_ADMIN). */
function canCheckNft(): string | undefined {
  if (!existsSync(NFT)) return `${NFT} is not installed (Debian package nftables)`;
  try {
    execFileSync(NFT, ['--check', '-f', '-'], { input: 'table inet telltale_probe {\n}\n', stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `nft --check does not run here: ${(e as Error).message.split('\n')[0]}`;
  }
}
const nftUnavailable = canCheckNft();

describe.skipIf(nftUnavailable !== undefined)(
  `nft --check of the generated rule sets${nftUnavailable ? ` (skipped: ${nftUnavailable})` : ''}`,
  () => {
    it('passes for every kind of action, both families, and a block with host names beside addresses', async () => {
      const ex = new NftablesExecutor({
        ...rulesetOpts,
        nft: [NFT],
        dryRun: false,
        print: () => {},
        now: () => T0,
      });
      for (const a of [
        action('block_connections', '10.1.4.23', { endpoints: ['45.9.148.3', '45.9.148.0/28', '185.220.101.47'] }),
        action('block_connections', '10.1.4.23', { endpoints: ['17.32.194.2', 'gsa.apple.com'] }),
        action('enforce_pattern_of_life', '10.1.4.23'),
        action('quarantine_device', '10.1.4.23'),
        action('block_connections', 'fd00::17', { endpoints: ['2001:db8::1', '2001:db8:1::/48'] }),
        action('enforce_pattern_of_life', 'fd00::17', { allow: ['2001:db8::53'] }),
        action('quarantine_device', 'fd00::17'),
      ]) {
        const r = await ex.check(ex.ruleset(a));
        expect(r.stderr, `${a.action} ${a.target.id}`).toBe('');
        expect(r.code).toBe(0);
      }
    });
  },
);

/** A network namespace is the only place these tests touch netfilter, so the host's rules are never changed. */
function canUseNetns(): string | undefined {
  if (nftUnavailable !== undefined) return nftUnavailable;
  try {
    execFileSync('ip', ['netns', 'add', 'telltale-probe'], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', 'telltale-probe'], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `this machine does not allow "ip netns add": ${(e as Error).message.split('\n')[0]}`;
  }
}
const netnsUnavailable = canUseNetns();

describe.skipIf(netnsUnavailable !== undefined)(
  `nftables in a network namespace${netnsUnavailable ? ` (skipped: ${netnsUnavailable})` : ''}`,
  () => {
    const ns = `telltale-test-${process.pid}`;
    const inNs = (...argv: string[]) => ['ip', 'netns', 'exec', ns, ...argv];
    let probe: string;

    beforeAll(() => {
      const run = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { stdio: 'pipe' });
      run(['ip', 'netns', 'add', ns]);
      run(inNs('ip', 'link', 'set', 'lo', 'up'));
      for (const a of ['10.99.0.1', '10.99.0.2', '10.99.0.3']) run(inNs('ip', 'addr', 'add', `${a}/32`, 'dev', 'lo'));
      for (const a of ['fd00:99::1', 'fd00:99::2', 'fd00:99::3'])
        run(inNs('ip', '-6', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad'));
      probe = join(mkdtempSync(join(tmpdir(), 'telltale-nft-')), 'probe.mjs');
      // Listens on the target addresses and connects to each from the "device" address.
      writeFileSync(
        probe,
        `import net from 'node:net';
const [from, ...targets] = process.argv.slice(2);
const servers = await Promise.all(targets.map((host) => new Promise((ok) => {
  const s = net.createServer((c) => c.end('hi')); s.listen(8080, host, () => ok(s));
})));
const tryConnect = (host) => new Promise((ok) => {
  const c = net.connect({ host, port: 8080, localAddress: from });
  c.setTimeout(3000, () => { c.destroy(); ok('timeout'); });
  c.on('data', () => { c.destroy(); ok('ok'); });
  c.on('error', (e) => ok(e.code));
});
const result = {};
for (const t of targets) result[t] = await tryConnect(t);
for (const s of servers) s.close();
console.log(JSON.stringify(result));
`,
      );
    });
    afterAll(() => {
      execFileSync('ip', ['netns', 'del', ns]);
    });

    const opts = (over: Partial<NftablesOptions> = {}): NftablesOptions => ({
      tablePrefix: 'telltale',
      hooks: ['output'],
      alwaysAllow: [],
      patternOfLife: () => ['10.99.0.3'],
      nft: inNs(NFT),
      dryRun: false,
      print: () => {},
      now: () => T0,
      ...over,
    });

    async function connections(from = '10.99.0.1', to = ['10.99.0.2', '10.99.0.3']): Promise<Record<string, string>> {
      const r = await runCommand(inNs(process.execPath, probe, from, ...to));
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    }

    it('blocks a connection to a blocked endpoint while an allowed one still works, and lifts the block', async () => {
      const ex = new NftablesExecutor(opts());
      expect(await connections()).toEqual({ '10.99.0.2': 'ok', '10.99.0.3': 'ok' });
      const block = action('block_connections', '10.99.0.1', { endpoints: ['10.99.0.2'] });
      await ex.apply(block);
      await ex.apply(block);
      const during = await connections();
      expect(during['10.99.0.3']).toBe('ok');
      expect(during['10.99.0.2']).not.toBe('ok');
      expect(await ex.revert(block)).toBe('deleted table inet telltale_a_block01');
      expect(await ex.revert(block)).toBe('table inet telltale_a_block01 was already gone');
      expect(await connections()).toEqual({ '10.99.0.2': 'ok', '10.99.0.3': 'ok' });
    });

    it('blocks the address a breach named beside its host name, and says the name itself is not matched', async () => {
      const ex = new NftablesExecutor(opts());
      const block = action('block_connections', '10.99.0.1', { endpoints: ['10.99.0.2', 'c2.telltale.test'] });
      expect(await ex.apply(block)).toBe(
        'loaded table inet telltale_a_block01 (block_connections for 10.99.0.1); addresses only, not matched by name: c2.telltale.test',
      );
      const during = await connections();
      expect(during['10.99.0.2']).not.toBe('ok');
      expect(during['10.99.0.3']).toBe('ok');
      await ex.revert(block);
    });

    it('enforces the pattern of life: only what the device normally reaches works', async () => {
      const ex = new NftablesExecutor(opts());
      const pol = action('enforce_pattern_of_life', '10.99.0.1');
      await ex.apply(pol);
      const during = await connections();
      expect(during['10.99.0.3']).toBe('ok');
      expect(during['10.99.0.2']).not.toBe('ok');
      await ex.revert(pol);
    });

    it('quarantines a device: only the always-allowed address answers, until the quarantine is lifted', async () => {
      const ex = new NftablesExecutor(opts({ alwaysAllow: ['10.99.0.3'] }));
      const q = action('quarantine_device', '10.99.0.1');
      await ex.apply(q);
      const during = await connections();
      expect(during['10.99.0.3']).toBe('ok');
      expect(during['10.99.0.2']).not.toBe('ok');
      // Another device on the same network is not held.
      expect(await connections('10.99.0.3', ['10.99.0.2'])).toEqual({ '10.99.0.2': 'ok' });
      await ex.revert(q);
      expect(await connections()).toEqual({ '10.99.0.2': 'ok', '10.99.0.3': 'ok' });
    });

    it('acts on IPv6 devices: a block and a quarantine', async () => {
      const ex = new NftablesExecutor(opts({ alwaysAllow: ['fd00:99::3'] }));
      const v6 = (): Promise<Record<string, string>> => connections('fd00:99::1', ['fd00:99::2', 'fd00:99::3']);
      expect(await v6()).toEqual({ 'fd00:99::2': 'ok', 'fd00:99::3': 'ok' });
      const block = action('block_connections', 'fd00:99::1', { endpoints: ['fd00:99::2', '10.99.0.2'] });
      await ex.apply(block);
      const blocked = await v6();
      expect(blocked['fd00:99::2']).not.toBe('ok');
      expect(blocked['fd00:99::3']).toBe('ok');
      // The IPv4 endpoint of the same action is not the device's family: untouched.
      expect(await connections()).toEqual({ '10.99.0.2': 'ok', '10.99.0.3': 'ok' });
      await ex.revert(block);
      const q = action('quarantine_device', 'fd00:99::1');
      await ex.apply(q);
      const held = await v6();
      expect(held['fd00:99::2']).not.toBe('ok');
      expect(held['fd00:99::3']).toBe('ok');
      await ex.revert(q);
      expect(await v6()).toEqual({ 'fd00:99::2': 'ok', 'fd00:99::3': 'ok' });
    });

    it('lets a block lapse on its own when its time is up, with telltale not there to lift it', async () => {
      // Ten seconds of the action's hour are left (room for a blocked attempt's own 3 s timeout):
      // the set elements carry a ten-second timeout.
      const ex = new NftablesExecutor(opts({ now: () => T0 + HOUR - 10_000 }));
      const block = action('block_connections', '10.99.0.1', { endpoints: ['10.99.0.2'] });
      await ex.apply(block);
      const listed = await runCommand(inNs(NFT, 'list', 'set', 'inet', 'telltale_a_block01', 'blocked'));
      expect(listed.stdout).toMatch(/10\.99\.0\.2 timeout 10s/);
      expect((await connections())['10.99.0.2']).not.toBe('ok');
      // Wait for the kernel to drop the element, then the same table lets the connection through.
      let elements = listed.stdout;
      while (elements.includes('10.99.0.2')) {
        await new Promise((r) => setTimeout(r, 250));
        elements = (await runCommand(inNs(NFT, 'list', 'set', 'inet', 'telltale_a_block01', 'blocked'))).stdout;
      }
      expect(await connections()).toEqual({ '10.99.0.2': 'ok', '10.99.0.3': 'ok' });
      await ex.revert(block);
    }, 30_000);
  },
);

describe('the pattern of life run gives the nftables executor', () => {
  it('is what the device reached before the action began, not what it learned since', () => {
    const profiles = new DeviceProfiles(30 * 86_400_000);
    profiles.note('10.1.4.23', 'i:140.82.112.3', T0 - 7 * 86_400_000);
    profiles.note('10.1.4.23', 'p:443', T0 - 7 * 86_400_000);
    // Contacted for the first time during the action (blocked attempts still reach the profile).
    profiles.note('10.1.4.23', 'i:45.9.148.3', T0 + 60_000);
    profiles.note('10.1.4.23', 'i:140.82.112.3', T0 + 60_000);
    expect(patternOfLife(profiles, '10.1.4.23', T0)).toEqual(['140.82.112.3']);
    expect(patternOfLife(profiles, '10.9.9.9', T0)).toEqual([]);
  });
});
