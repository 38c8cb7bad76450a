// Several questions asked in ONE input box that stays open from the first step to the last (title
// "… (1/3)", a Back button). Separate showInputBox calls close and reopen the box between questions:
// focus goes back to whatever was focused before — a walkthrough page, say — and the key-up of the
// Enter that answered lands there; the walkthrough then selects its step and takes the focus, which
// closes the next box (issue 16 item 1). One box that never closes between steps avoids all of that.
import * as vscode from 'vscode';

export interface InputStep {
  title: string;
  prompt: string;
  value: string;
  /** An error message, or undefined when the text is acceptable. */
  validate: (text: string) => string | undefined;
}

/** The answers in step order, or undefined when the user cancelled (Escape, or the box was closed). */
export function askSteps(steps: readonly InputStep[]): Promise<string[] | undefined> {
  const box = vscode.window.createInputBox();
  box.ignoreFocusOut = true;
  box.totalSteps = steps.length;
  const answers = steps.map((s) => s.value);
  let index = 0;
  const show = () => {
    const step = steps[index];
    box.step = index + 1;
    box.title = step.title;
    box.prompt = step.prompt;
    box.value = answers[index];
    box.validationMessage = step.validate(answers[index]);
    box.buttons = index > 0 ? [vscode.QuickInputButtons.Back] : [];
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: string[] | undefined) => {
      if (settled) return;
      settled = true;
      resolve(result);
      for (const d of disposables) d.dispose();
      box.dispose();
    };
    const disposables = [
      box.onDidChangeValue((text) => {
        answers[index] = text;
        box.validationMessage = steps[index].validate(text);
      }),
      box.onDidAccept(() => {
        const text = box.value;
        if (steps[index].validate(text) !== undefined) return;
        answers[index] = text;
        if (index === steps.length - 1) {
          finish(answers);
          return;
        }
        index++;
        show();
      }),
      box.onDidTriggerButton((button) => {
        if (button !== vscode.QuickInputButtons.Back || index === 0) return;
        index--;
        show();
      }),
      box.onDidHide(() => finish(undefined)),
    ];
    show();
    box.show();
  });
}
