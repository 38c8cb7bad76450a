// The panel's sentences about the separation fit, checked against the fit's formula: the ratio is
// exp(slope) of the least-squares line of ln D_l on l, so "shrinks by a factor ρ" must hold of D_l = c·ρ^l.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fitSeparation } from '../../../src/core/layers/fit';
import { fitSentence, outlierSentence } from '../../../webview/layersText';

describe('separation fit sentences', () => {
  it('D_l = 3·0.5^l: "shrinks by a factor 0.5 per layer", each layer keeps 50 %, r = −1', () => {
    const fit = fitSeparation([0, 1, 2, 3].map((l) => 3 * 0.5 ** l), 0, 3);
    const s = fitSentence(fit);
    assert.match(s, /over layers 0–3 \(4 layers\)/);
    assert.match(s, /shrinks by a factor 0\.5 per layer \(each layer keeps 50 % of the fuzziness\)/);
    assert.match(s, /Pearson r = −?-?1[,;]/);
    assert.match(s, /R² = 1\./);
  });

  it('growing D_l says "grows", with the factor', () => {
    const s = fitSentence(fitSeparation([1, 2, 4], 0, 2));
    assert.match(s, /grows by a factor 2 per layer/);
  });

  it('no fit and outliers are named', () => {
    assert.match(fitSentence(fitSeparation([1, null], 0, 1)), /Too few layers with D_l > 0 in layers 0–1/);
    const values = [0, 1, 2, 3, 4, 5, 6].map((l) => 0.5 ** l);
    values[3] *= 30;
    const fit = fitSeparation(values, 0, 6);
    assert.equal(outlierSentence(fit, ['input', 'a', 'b', 'c', 'd', 'e', 'f']), 'Off the line (externally studentized residual above 3): layer 3 (c).');
  });
});
