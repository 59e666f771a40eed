// Edge cases of the RKE2 component-argument helpers that the planner relies on: how a list is read (bare flags,
// whitespace, empty values), which entries the AWS feature-gate cleanup touches, and when a list is written back.
import {
  argList, argValue, flagEnabled, putArgList, splitArg, withFlag, withoutAwsGateArgs, withoutAwsGates
} from '../rke2/componentArgs';

describe('reading an argument list', () => {
  it.each([
    [null],
    [''],
  ])('argList(%p) is the empty list, not a list with one empty entry', (value) => {
    expect(argList(value)).toEqual([]);
  });

  it('turns non-string entries into strings', () => {
    expect(argList([110, true])).toEqual(['110', 'true']);
  });

  it('a bare flag is present with the empty value; an absent one is undefined', () => {
    expect(argValue(['v=2', 'enable-leader-migration'], 'enable-leader-migration')).toBe('');
    expect(argValue(['v=2'], 'enable-leader-migration')).toBeUndefined();
    expect(flagEnabled(['enable-leader-migration'], 'enable-leader-migration')).toBe(true);
  });

  it('ignores whitespace around an entry (as written in a YAML list by hand)', () => {
    expect(splitArg('  --cloud-provider=aws ')).toEqual({ name: 'cloud-provider', value: 'aws' });
    expect(argValue([' cloud-provider=aws'], 'cloud-provider')).toBe('aws');
  });

  it('splits at the first "=" only, and keeps an empty name or value as such', () => {
    expect(splitArg('feature-gates=A=true')).toEqual({ name: 'feature-gates', value: 'A=true' });
    expect(splitArg('cloud-config=')).toEqual({ name: 'cloud-config', value: '' });
    expect(splitArg('=aws')).toEqual({ name: '', value: 'aws' });
  });
});

describe('withFlag', () => {
  it('leaves a list that already enables the flag exactly as it is (same order, same array)', () => {
    const list = ['enable-leader-migration', 'v=2'];

    expect(withFlag(list, 'enable-leader-migration')).toBe(list);
    expect(withFlag(['enable-leader-migration=true', 'v=2'], 'enable-leader-migration')).toEqual(['enable-leader-migration=true', 'v=2']);
  });

  it('replaces a disabling entry instead of adding the flag after it', () => {
    expect(withFlag(['enable-leader-migration=false', 'v=2'], 'enable-leader-migration')).toEqual(['v=2', 'enable-leader-migration']);
  });
});

describe('removing the AWS-only feature gates', () => {
  it('finds the gates when the list has spaces after the commas, and rejoins what is left with commas', () => {
    expect(withoutAwsGates('A=true, CSIMigrationAWS=false, B=false')).toBe('A=true,B=false');
    expect(withoutAwsGates('A=true,CSIMigrationAWSComplete=false,B=false')).toBe('A=true,B=false');
  });

  it('keeps an entry whose other gates remain, without the AWS gate', () => {
    expect(withoutAwsGateArgs(['feature-gates=A=true,CSIMigrationAWS=false', 'v=2'])).toEqual(['feature-gates=A=true', 'v=2']);
  });

  it('keeps entries it does not change byte for byte (leading dashes included)', () => {
    expect(withoutAwsGateArgs(['--feature-gates=A=true', '--v=2'])).toEqual(['--feature-gates=A=true', '--v=2']);
  });

  it('edits only feature-gates entries: a bare feature-gates flag and other args that mention the gate stay', () => {
    expect(withoutAwsGateArgs(['feature-gates', 'node-labels=CSIMigrationAWS=false'])).toEqual(['feature-gates', 'node-labels=CSIMigrationAWS=false']);
  });
});

describe('putArgList', () => {
  it('does not touch a key whose list is unchanged: an empty list stays, the same array stays', () => {
    const list = ['x=1'];
    const config: Record<string, any> = { empty: [], same: list };

    putArgList(config, 'empty', []);
    putArgList(config, 'same', ['x=1']);
    expect(config.empty).toEqual([]);
    expect(config.same).toBe(list);
  });

  it('keeps an emptied list as [] when asked (machineSelectorConfig), and removes it otherwise', () => {
    const config: Record<string, any> = { a: ['x=1'], b: ['x=1'] };

    putArgList(config, 'a', [], true);
    putArgList(config, 'b', []);
    expect(config).toEqual({ a: [] });
  });

  it('writes a list of one entry as a list when it was a list, and a changed list of the same length', () => {
    const config: Record<string, any> = { a: ['x=1'], b: ['x=1', 'y=1'] };

    putArgList(config, 'a', ['x=2']);
    putArgList(config, 'b', ['x=1', 'y=2']);
    expect(config).toEqual({ a: ['x=2'], b: ['x=1', 'y=2'] });
  });
});
