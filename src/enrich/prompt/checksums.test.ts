import { describe, expect, it } from 'vitest';
import {
  aadhaarValid,
  caSinValid,
  esDniValid,
  frNirValid,
  ibanValid,
  luhnValid,
  nlBsnValid,
  ukNinoValid,
  usSsnValid,
} from './checksums.js';

describe('check digits', () => {
  it('Luhn: test card numbers pass, one changed digit fails', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid('5555-5555-5555-4444')).toBe(true);
    expect(luhnValid('4111 1111 1111 1112')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('IBAN mod 97 and registered country length', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    // right checksum arithmetic is not enough when the length is wrong for the country
    expect(ibanValid('DE8937040044053201300')).toBe(false);
  });

  it('US SSN issuance rules', () => {
    expect(usSsnValid(536, 22, 1234)).toBe(true);
    for (const [a, g, s] of [
      [0, 22, 1234],
      [666, 22, 1234],
      [912, 22, 1234],
      [536, 0, 1234],
      [536, 22, 0],
      [78, 5, 1120],
    ] as const) {
      expect(usSsnValid(a, g, s)).toBe(false);
    }
  });

  it('UK NINO prefix rules', () => {
    expect(ukNinoValid('AB123456C')).toBe(true);
    expect(ukNinoValid('QQ123456C')).toBe(false);
    expect(ukNinoValid('GB123456A')).toBe(false);
    expect(ukNinoValid('AB123456E')).toBe(false);
  });

  it('national identifiers of other countries', () => {
    expect(esDniValid('12345678Z')).toBe(true);
    expect(esDniValid('12345678A')).toBe(false);
    expect(esDniValid('X1234567L')).toBe(true);
    expect(frNirValid('1 85 05 78 006 084 91')).toBe(true);
    expect(frNirValid('1 85 05 78 006 084 92')).toBe(false);
    expect(aadhaarValid('2345 6789 0124')).toBe(true);
    expect(aadhaarValid('2345 6789 0125')).toBe(false);
    expect(nlBsnValid('111222333')).toBe(true);
    expect(nlBsnValid('111222334')).toBe(false);
    expect(caSinValid('130 692 544')).toBe(true);
    expect(caSinValid('046 454 286')).toBe(false);
  });
});
