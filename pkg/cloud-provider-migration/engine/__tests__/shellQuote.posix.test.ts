// shellQuote makes any value safe to paste into a POSIX shell: checked against a real shell (bash), which must
// give back exactly the value, single quotes and all.
import { execFileSync } from 'child_process';
import { shellQuote } from '../planning/shellCommands';

/** What a POSIX shell makes of the quoted word: `printf %s <word>` prints the single argument it received. */
function throughShell(quoted: string): string {
  return execFileSync('bash', ['-c', `printf %s ${ quoted }`], { encoding: 'utf8' });
}

describe('shellQuote through a real shell', () => {
  it.each([
    ["it's"],
    ["'"],
    ["''"],
    ["a'b'c"],
    ["{\"spec\":{\"note\":\"O'Brien's $HOME `id` \\\\ !\"}}"],
    ['two words'],
    ['$(rm -rf /)'],
    ['*'],
    [''],
  ])('gives back exactly %p', (value) => {
    const quoted = shellQuote(value);

    expect(quoted.startsWith("'")).toBe(true);
    expect(throughShell(quoted)).toBe(value);
  });

  it('leaves a value of safe characters bare, and the shell reads it unchanged', () => {
    const value = 'fleet-default/c-m-abc:v1.27.16+rke2r1=a@b%c,d_e.f';

    expect(shellQuote(value)).toBe(value);
    expect(throughShell(shellQuote(value))).toBe(value);
  });
});
