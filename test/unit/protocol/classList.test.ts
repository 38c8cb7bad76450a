// Class lists in messages: ranges for runs, a cap with the total, names in their order.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MAX_LISTED, indexList, nameList, valueList } from '../../../src/protocol/classList';

describe('indexList', () => {
  it('runs of three or more become ranges; pairs and singletons stay', () => {
    assert.equal(indexList([5, 6, 7, 8, 9]), '5–9');
    assert.equal(indexList([0, 3, 5, 6, 7, 8, 9]), '0, 3, 5–9');
    assert.equal(indexList([1, 2]), '1, 2');
    assert.equal(indexList([4]), '4');
    assert.equal(indexList([]), '');
  });

  it('sorts and drops repeats first', () => {
    assert.equal(indexList([9, 5, 7, 6, 8, 5, 0]), '0, 5–9');
  });

  it('half of 1000 classes is one range', () => {
    assert.equal(indexList(Array.from({ length: 500 }, (_, i) => 500 + i)), '500–999');
  });

  it(`past ${MAX_LISTED} items: the first ${MAX_LISTED} and the number of classes`, () => {
    const evens = Array.from({ length: 100 }, (_, i) => 2 * i);
    const text = indexList(evens);
    assert.equal(text, `${evens.slice(0, MAX_LISTED).join(', ')}, … (100 in all)`);
    assert.equal(indexList(evens, 3), '0, 2, 4, … (100 in all)');
  });
});

describe('nameList', () => {
  it('keeps the order and caps with the total', () => {
    assert.equal(nameList(['cat', 'dog']), 'cat, dog');
    assert.equal(nameList(['a', 'b', 'c', 'd'], 2), 'a, b, … (4 in all)');
  });
});

describe('valueList', () => {
  it('keeps order and repeats, joins with the separator, caps with the total', () => {
    assert.equal(valueList([20, 20, 1, 1]), '20,20,1,1');
    assert.equal(valueList(['0.50', '0.25'], ' '), '0.50 0.25');
    const counts = Array.from({ length: 1000 }, (_, k) => 1000 - k);
    assert.equal(valueList(counts), `${counts.slice(0, MAX_LISTED).join(',')},… (1000 in all)`);
  });
});
