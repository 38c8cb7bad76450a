// Text-label geometry of the panel's charts, run inside the page: every <text> of every chart SVG as the
// quadrilateral it covers on screen (its bounding box through the element's screen transform, so rotated
// tick labels are the rotated rectangles they are), then pairwise intersections (separating-axis test) and
// containment in the chart's SVG. Used by the Chromium tests as `page.evaluate(labelProblems)`.

/** In the page: a list of problems, "chart: “a” overlaps “b” by 3.2 px" / "chart: “a” outside its svg". */
export function labelProblems(tolerance = 0.5) {
  const quad = (el) => {
    const b = el.getBBox();
    const m = el.getScreenCTM();
    return [
      [b.x, b.y],
      [b.x + b.width, b.y],
      [b.x + b.width, b.y + b.height],
      [b.x, b.y + b.height],
    ].map(([x, y]) => {
      const p = new DOMPoint(x, y).matrixTransform(m);
      return [p.x, p.y];
    });
  };
  const project = (poly, [ax, ay]) => {
    const v = poly.map(([x, y]) => x * ax + y * ay);
    return [Math.min(...v), Math.max(...v)];
  };
  const axes = (poly) =>
    poly.map(([x, y], i) => {
      const [nx, ny] = poly[(i + 1) % poly.length];
      const len = Math.hypot(nx - x, ny - y) || 1;
      return [-(ny - y) / len, (nx - x) / len];
    });
  // Depth of overlap: the smallest projection overlap over all separating-axis candidates (≤ 0: apart).
  const overlap = (a, b) => Math.min(...[...axes(a), ...axes(b)].map((axis) => {
    const [a0, a1] = project(a, axis);
    const [b0, b1] = project(b, axis);
    return Math.min(a1, b1) - Math.max(a0, b0);
  }));
  const problems = [];
  for (const body of document.querySelectorAll('.chart-body')) {
    const chart = body.closest('[data-chart]')?.dataset.chart ?? '?';
    for (const svg of body.querySelectorAll(':scope > svg')) {
      const box = svg.getBoundingClientRect();
      const labels = [...svg.querySelectorAll('text')]
        .filter((t) => t.textContent.trim() !== '' && t.getComputedTextLength() > 0)
        .map((t) => ({ text: t.textContent.trim(), q: quad(t) }));
      for (const l of labels) {
        const out = l.q.some(([x, y]) => x < box.left - tolerance || x > box.right + tolerance || y < box.top - tolerance || y > box.bottom + tolerance);
        if (out) problems.push(`${chart}: “${l.text}” outside its svg`);
      }
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const d = overlap(labels[i].q, labels[j].q);
          if (d > tolerance) problems.push(`${chart}: “${labels[i].text}” overlaps “${labels[j].text}” by ${d.toFixed(1)} px`);
        }
      }
    }
  }
  return problems;
}

/** In the page: how many chart SVGs and labels labelProblems looked at (so a test can assert it saw them). */
export function labelCount() {
  const svgs = [...document.querySelectorAll('.chart-body > svg')];
  return { svgs: svgs.length, labels: svgs.reduce((n, s) => n + s.querySelectorAll('text').length, 0) };
}
