// One pending-reply table for every request/reply channel (engine IPC, the panel's what-if and exports):
// a request gets an id, the answer with that id settles it once, and a channel that goes away fails
// whatever is still waiting. Pure: used by the extension host and the webview alike.

interface Waiting<Reply, Meta> {
  meta: Meta;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

export class PendingReplies<Reply, Meta = undefined> {
  private readonly waiting = new Map<number, Waiting<Reply, Meta>>();
  private nextId = 1;

  /** A new request: its id (1, 2, … in order) and the promise of its reply. */
  open(meta: Meta): { id: number; reply: Promise<Reply> } {
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve, reject) => this.waiting.set(id, { meta, resolve, reject }));
    return { id, reply };
  }

  /** What the request `id` was opened with, while it waits. */
  get(id: number): Meta | undefined {
    return this.waiting.get(id)?.meta;
  }

  has(id: number): boolean {
    return this.waiting.has(id);
  }

  /** How many requests wait (those whose meta matches `which`, if given). */
  count(which: (meta: Meta) => boolean = () => true): number {
    let n = 0;
    for (const w of this.waiting.values()) if (which(w.meta)) n++;
    return n;
  }

  /** Settles `id` with its reply; returns the request's meta, or undefined when nothing waited for `id`. */
  answer(id: number, reply: Reply): Meta | undefined {
    const w = this.take(id);
    w?.resolve(reply);
    return w?.meta;
  }

  /** Fails `id`; returns the request's meta, or undefined when nothing waited for `id`. */
  fail(id: number, error: Error): Meta | undefined {
    const w = this.take(id);
    w?.reject(error);
    return w?.meta;
  }

  /** Fails every waiting request (the other side went away), or those whose meta matches `which`. */
  failAll(error: Error, which: (meta: Meta) => boolean = () => true): void {
    for (const [id, w] of [...this.waiting]) if (which(w.meta)) this.fail(id, error);
  }

  private take(id: number): Waiting<Reply, Meta> | undefined {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    return w;
  }
}
