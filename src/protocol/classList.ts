// Classes named in a sentence (warnings, notes, the panel's header): runs of consecutive indices as ranges
// ("5–9") and, past `max` items, the first ones and the count, so that a note about 500 of 1000 classes
// stays one line in the terminal and in the panel.

/** Items (numbers or ranges) listed before "… (N in all)". */
export const MAX_LISTED = 12;

/** "0, 3, 5–9": the indices sorted, repeats dropped, runs of 3 or more as a–b; then at most `max` items. */
export function indexList(indices: readonly number[], max = MAX_LISTED): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const items: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) items.push(`${sorted[i]}–${sorted[j]}`);
    else for (let t = i; t <= j; t++) items.push(String(sorted[t]));
    i = j + 1;
  }
  return capped(items, max, sorted.length);
}

/** "cat, dog, … (500 in all)": names in the order given, at most `max`. */
export function nameList(names: readonly string[], max = MAX_LISTED): string {
  return capped([...names], max, names.length);
}

/** "100,98,97,… (1000 in all)": values in the order given (counts, norms) joined by `sep`, at most `max`. */
export function valueList(values: readonly (number | string)[], sep = ',', max = MAX_LISTED): string {
  return capped(values.map(String), max, values.length, sep);
}

function capped(items: string[], max: number, total: number, sep = ', '): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}… (${total} in all)`;
}
