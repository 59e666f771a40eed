/** A Set that tells the world when it changes (faults set by the control API take effect at once). */
export class WatchedSet<T> extends Set<T> {
  onChange: () => void = () => undefined;

  add(v: T): this {
    const had = this.has(v);

    super.add(v);
    if (!had && this.onChange) {
      this.onChange();
    }

    return this;
  }

  delete(v: T): boolean {
    const r = super.delete(v);

    if (r) {
      this.onChange();
    }

    return r;
  }

  clear(): void {
    const had = this.size > 0;

    super.clear();
    if (had) {
      this.onChange();
    }
  }
}
