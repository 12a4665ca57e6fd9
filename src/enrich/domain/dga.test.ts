import { describe, expect, it } from 'vitest';
import { dgaScore } from './dga.js';
import { CharModel, trainDga } from './dga-train.js';

describe('dgaScore', () => {
  it('scores real Simda names (stratosphere 005 dns.log) as generated and popular names as benign', () => {
    for (const d of ['pufymoq.com', 'gacyzuz.com', 'vocyruk.com', 'lykymox.com', 'vopygat.com', 'qetylyv.com']) {
      expect(dgaScore(d).score, d).toBeGreaterThanOrEqual(0.7);
    }
    for (const d of [
      'google.com',
      'microsoft.com',
      'dropbox.com',
      'wikipedia.org',
      'honestimnotevil.com',
      'cloudfront.net',
    ]) {
      expect(dgaScore(d).score, d).toBeLessThan(0.5);
    }
  });

  it('does not take ordinary words of the Simda shape for Simda (threshold: the model default 0.8)', () => {
    for (const d of ['polygon.com', 'babylon.com', 'ladybug.com', 'wayside.com', 'holyday.com']) {
      expect(dgaScore(d).score, d).toBeLessThan(0.8);
    }
    // The same shape with unlikely characters stays Simda.
    expect(dgaScore('vopygat.com').score).toBeGreaterThanOrEqual(0.8);
    expect(dgaScore('purycul.com').score).toBeGreaterThanOrEqual(0.8);
  });

  it('reads words with a number token by their letters (real names from the CTU-Normal captures), random letters stay generated', () => {
    for (const d of ['openh264.org', 'scene7.com', 'prusa3d.com', 'office365.com', 'microsoft365.com']) {
      expect(dgaScore(d).score, d).toBeLessThan(0.5);
    }
    for (const d of ['xkqzv7wpt.com', 'qzvbx4kwtj.net']) expect(dgaScore(d).score, d).toBeGreaterThanOrEqual(0.8);
  });

  it('knows hash-seeded shapes and leaves short labels alone', () => {
    expect(dgaScore('a3f9c2e8b1d4e6f7.com').score).toBeGreaterThan(0.85);
    expect(dgaScore('x7k.net').score).toBe(0);
  });
});

describe('trainDga', () => {
  it('learns character statistics and calibrates on its own corpus', () => {
    const w = trainDga(['example', 'sample', 'simple', 'temple', 'ample', 'x!y'], 'test');
    expect(w.names).toBe(5);
    expect(w.tri['mpl']).toBe(5);
    const m = new CharModel(w);
    expect(m.meanLog2('ample')).toBeGreaterThan(m.meanLog2('qzxvk'));
    expect(w.calibration.p01).toBeLessThanOrEqual(w.calibration.p50);
  });
});
