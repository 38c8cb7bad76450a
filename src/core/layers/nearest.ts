// The names closest to a mistyped one (Levenshtein distance, case-insensitive), for "did you mean".

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** Up to `count` names, nearest first (ties in the given order). */
export function nearestNames(name: string, names: readonly string[], count = 3): string[] {
  const key = name.toLowerCase();
  return names
    .map((n, i) => ({ n, i, d: distance(key, n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((e) => e.n);
}
