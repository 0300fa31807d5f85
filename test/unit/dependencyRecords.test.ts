// The records of what each file's check read (index/dependencyRecords.ts): the reverse (which files read a key)
// is made when first asked and kept up to date after; it answers the same whenever it was made.
import * as assert from 'assert';
import { DependencyRecords } from '../../server/out/index/dependencyRecords';

type Step = ['record', string, string[]] | ['drop', string];

const STEPS: Step[] = [
  ['record', 'a.py', ['m', 'n']],
  ['record', 'b.py', ['n', '#layout']],
  ['record', 'c.py', ['m']],
  ['record', 'a.py', ['n', 'o']],
  ['drop', 'c.py'],
  ['record', 'b.py', ['n', '#layout']],
  ['record', 'c.py', ['o', 'm']],
  ['drop', 'a.py'],
];

function apply(records: DependencyRecords, step: Step): void {
  if (step[0] === 'record') records.record(step[1], new Set(step[2]));
  else records.drop(step[1]);
}

const answers = (records: DependencyRecords) => JSON.stringify({ keys: [...records.keysRead()].sort(), readers: ['m', 'n', 'o', '#layout', 'p'].map((k) => [k, [...records.readers(k)].sort()]) });

describe('dependency records', () => {
  it('answer which files read a key the same, whether asked after every step or first at the end', () => {
    // Asked at step `asked` first (never: STEPS.length); from then on, asked after each step.
    const final = new Set<string>();
    for (let asked = 0; asked <= STEPS.length; asked++) {
      const records = new DependencyRecords();
      const eager = new DependencyRecords();
      STEPS.forEach((step, i) => {
        apply(records, step);
        apply(eager, step);
        answers(eager); // made from the first step on
        if (i >= asked) assert.strictEqual(answers(records), answers(eager), `asked from step ${asked}, at step ${i}`);
      });
      final.add(answers(records));
    }
    assert.strictEqual(final.size, 1);
    assert.deepStrictEqual(JSON.parse([...final][0]).readers, [['m', ['c.py']], ['n', ['b.py']], ['o', ['c.py']], ['#layout', ['b.py']], ['p', []]]);
  });

  it('answer nothing before any check, and keep what comes after', () => {
    const records = new DependencyRecords();
    assert.deepStrictEqual([...records.readers('m')], []);
    assert.deepStrictEqual([...records.keysRead()], []);
    records.record('a.py', new Set(['m']));
    assert.deepStrictEqual([...records.readers('m')], ['a.py']);
    assert.deepStrictEqual([...records.keysReadBy('a.py')!], ['m']);
  });
});
