/** hash-sum ships no types: a stable short hex digest of any value. */
declare module 'hash-sum' {
  export default function sum(value: unknown): string;
}
