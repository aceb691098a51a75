import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../src/cli/demo.js';

describe('npm run demo', () => {
  it('recommends real titles with reasons on the bundled data', async () => {
    const lines: string[] = [];
    await runDemo({ users: 2, count: 4, print: (l) => lines.push(l) });
    const text = lines.join('\n');
    expect(text).toContain('80854 ratings');
    expect(text).toMatch(/User \d+: \d+ ratings; loved/);
    // 2 users × 4 numbered recommendations
    expect(lines.filter((l) => /^ {2}\d\. /.test(l))).toHaveLength(8);
    // Every result gives its reason; which sentences appear depends on the blend the time-boxed
    // tuner chose on this machine.
    expect(lines.filter((l) => /^ {2}\d\. .+ {2}\[.+\] {2}\S/.test(l))).toHaveLength(8);
    expect(text).toMatch(/A new user \(no history\): .*Trending this week/);
    expect(text).toMatch(/Similar to The Dark Knight Rises \(2012\): .*The Dark Knight \(2008\)/);
    // The tuner's time-boxed search picks the blend; which sources it keeps varies with the machine.
    expect(text).toMatch(/fit: tuned on \d+ held-out users \(blend [a-z0-9-]+ \d+%(, [a-z0-9-]+ \d+%)+\)/);
  }, 120_000);
});
