// The one module that creates controls, and the only one that touches @vscode/webview-ui-toolkit, so the
// component library can be swapped. The toolkit (1.4.0) has no slider: `slider` is a native
// <input type="range"> themed with --vscode-* variables in style.css, created here like every control.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider, vsCodeLink, vsCodeTag } from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider(), vsCodeLink(), vsCodeTag());
  registered = true;
}

export function button(
  label: string,
  onClick: () => void,
  options: { appearance?: 'primary' | 'secondary'; ariaLabel?: string; title?: string } = {},
): HTMLElement {
  const el = document.createElement('vscode-button');
  el.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.ariaLabel) el.setAttribute('aria-label', options.ariaLabel);
  if (options.title) el.setAttribute('title', options.title);
  el.textContent = label;
  el.addEventListener('click', onClick);
  return el;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function tag(text: string): HTMLElement {
  const el = document.createElement('vscode-tag');
  el.textContent = text;
  return el;
}

export function link(text: string, onClick: () => void): HTMLElement {
  const el = document.createElement('vscode-link');
  el.setAttribute('href', '#');
  el.textContent = text;
  el.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return el;
}

export interface Slider {
  element: HTMLInputElement;
  value(): number;
  set(value: number): void;
  setDisabled(disabled: boolean): void;
}

/** A range input over integer steps; callers map steps to values (e.g. a log scale). */
export function slider(options: {
  id: string;
  min: number;
  max: number;
  value: number;
  label: string;
  valueText: (step: number) => string;
  onInput: (step: number) => void;
}): Slider {
  const el = document.createElement('input');
  el.type = 'range';
  el.id = options.id;
  el.className = 'cl-slider';
  el.min = String(options.min);
  el.max = String(options.max);
  el.step = '1';
  el.value = String(options.value);
  el.setAttribute('aria-label', options.label);
  const sync = () => el.setAttribute('aria-valuetext', options.valueText(Number(el.value)));
  sync();
  el.addEventListener('input', () => {
    sync();
    options.onInput(Number(el.value));
  });
  return {
    element: el,
    value: () => Number(el.value),
    set: (step: number) => {
      el.value = String(step);
      sync();
    },
    setDisabled: (disabled: boolean) => {
      el.disabled = disabled;
    },
  };
}
