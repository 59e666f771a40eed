/**
 * Deterministic ids for the simulated world (mulberry32), so that a reset world has the same names,
 * instance ids and IPs every time and tests can name what they look for.
 */
export class Ids {
  private s: number;

  constructor(seed = 0x5eed) {
    this.s = seed >>> 0;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;

    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  hex(len: number): string {
    let s = '';

    while (s.length < len) {
      s += this.int(16).toString(16);
    }

    return s;
  }

  /** Kubernetes generateName suffix alphabet (k8s.io/apiserver storage names.go: no vowels, no 0/1/3). */
  suffix(len = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';

    for (let i = 0; i < len; i++) {
      s += alphabet[this.int(alphabet.length)];
    }

    return s;
  }

  /** EC2 instance id `i-0` + 16 hex digits. */
  instanceId(): string {
    return `i-0${ this.hex(16) }`;
  }

  uuid(): string {
    const h = this.hex(32);

    return `${ h.slice(0, 8) }-${ h.slice(8, 12) }-4${ h.slice(13, 16) }-a${ h.slice(17, 20) }-${ h.slice(20, 32) }`;
  }
}
