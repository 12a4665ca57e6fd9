import { describe, expect, test } from 'vitest';
import { classifyNetwork, networkClassReason } from './network-class.js';

describe('classifyNetwork', () => {
  test('listed ASNs by number', () => {
    expect(classifyNetwork(16509, 'AMAZON-02')).toBe('hosting');
    expect(classifyNetwork(14061, undefined)).toBe('hosting');
    expect(classifyNetwork(136787, 'TEFINCOM S.A.')).toBe('vpn');
    expect(classifyNetwork(39351, '31173 Services AB')).toBe('vpn');
    expect(classifyNetwork(60729, 'TORSERVERS-NET')).toBe('anonymiser');
  });

  test('organisation-name rules for unlisted ASNs', () => {
    expect(classifyNetwork(999_001, 'Example Tor Exit Association')).toBe('anonymiser');
    expect(classifyNetwork(999_002, 'FastVPN Networks Ltd')).toBe('vpn');
    expect(classifyNetwork(999_003, 'Acme Hosting B.V.')).toBe('hosting');
    expect(classifyNetwork(999_004, 'Example Data Center LLC')).toBe('hosting');
  });

  test('residential and enterprise networks stay isp; no ASN is unknown', () => {
    expect(classifyNetwork(3320, 'Deutsche Telekom AG')).toBe('isp');
    expect(classifyNetwork(7922, 'COMCAST-7922')).toBe('isp');
    expect(classifyNetwork(2856, 'British Telecommunications PLC')).toBe('isp');
    expect(classifyNetwork(5089, 'Virgin Media Limited')).toBe('isp');
    expect(classifyNetwork(undefined, undefined)).toBe('unknown');
  });

  test('the reason names the list or rule', () => {
    expect(networkClassReason(16509, 'AMAZON-02')).toMatch(/hosting list/);
    expect(networkClassReason(999_002, 'FastVPN Networks Ltd')).toMatch(/vpn name rules/);
  });
});
