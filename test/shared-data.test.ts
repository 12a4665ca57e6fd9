import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli.js';
import { SHARED_DATA, sharedData } from './shared-data.js';

describe('the shared real data', () => {
  it('sits in ../shared/data beside the repository', () => {
    expect(SHARED_DATA).toBe(join(ROOT, '..', 'shared', 'data'));
    expect(sharedData('zeek')).toBe(join(SHARED_DATA, 'zeek'));
  });

  it('fails loudly, naming the path, when a data set is missing', () => {
    expect(() => sharedData('zeek', 'no-such-dataset')).toThrow(
      `real data missing: ${join(SHARED_DATA, 'zeek', 'no-such-dataset')} does not exist`,
    );
  });
});
