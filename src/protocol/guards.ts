// Small structural checks used at every boundary where data arrives from outside
// (webview, child process, files). They answer "is this shaped like X?" without trusting it.

export type Guard<T> = (value: unknown) => value is T;

/** A value checked on arrival: the typed value, or the problems (each naming the failing path). */
export type Checked<T> = { value: T; problems: [] } | { value: null; problems: string[] };

/** `value` as T when `problems` is empty (the caller computed the problems with T's validator). */
export function checkedAs<T>(value: unknown, problems: string[]): Checked<T> {
  return problems.length ? { value: null, problems } : { value: value as T, problems: [] };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasType<T extends string>(value: unknown, type: T): value is { type: T } & Record<string, unknown> {
  return isRecord(value) && value.type === type;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isNumberOrNull(value: unknown): value is number | null {
  return value === null || isFiniteNumber(value);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function isArrayOf<T>(value: unknown, item: Guard<T>): value is T[] {
  return Array.isArray(value) && value.every(item);
}
