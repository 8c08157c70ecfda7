import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { machineState, median, round, timed } from './stats';

describe('bench helpers (no timing is asserted)', () => {
  it('median of odd, even and empty lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(round(1.2345, 2)).toBe(1.23);
  });

  it('times each run once, in order', async () => {
    const order: number[] = [];
    const t = await timed(3, async () => order.push(order.length));
    expect(order).toEqual([0, 1, 2]);
    expect(t).toHaveLength(3);
    expect(t.every((x) => x >= 0)).toBe(true);
  });

  it('records the load average and whether the training job (pid file) is alive', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mrseq-bench-'));
    try {
      expect(machineState(root).trainingJobRunning).toBeNull();
      mkdirSync(path.join(root, '.cache'));
      writeFileSync(path.join(root, '.cache', 'loso.pid'), `${process.pid}\n`);
      const alive = machineState(root);
      expect(alive.trainingJobRunning).toBe(true);
      expect(alive.loadAverage).toHaveLength(3);
      writeFileSync(path.join(root, '.cache', 'loso.pid'), '999999999\n');
      expect(machineState(root).trainingJobRunning).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
