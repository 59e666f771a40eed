import { argList, argValue, flagEnabled, putArgList, withArg, withFlag, withoutAwsGateArgs, withoutAwsGates } from '../rke2/componentArgs';

describe('component args', () => {
  it.each([
    [undefined, []],
    ['cloud-provider=aws', ['cloud-provider=aws']],
    [['a=1', 'b'], ['a=1', 'b']],
  ])('argList(%p) normalises a single string or a list', (value, list) => {
    expect(argList(value)).toEqual(list);
  });

  it('reads the last value of a flag, with or without leading dashes', () => {
    expect(argValue(['--cloud-provider=aws', 'v=2', 'cloud-provider=external'], 'cloud-provider')).toBe('external');
    expect(flagEnabled(['enable-leader-migration'], 'enable-leader-migration')).toBe(true);
    expect(flagEnabled(['enable-leader-migration=false'], 'enable-leader-migration')).toBe(false);
  });

  it('sets a flag once, where it was, and never twice', () => {
    expect(withArg(['a=1', 'cloud-provider=aws', 'b=2', 'cloud-provider=gce'], 'cloud-provider', 'external')).toEqual(['a=1', 'cloud-provider=external', 'b=2']);
    expect(withFlag(withFlag(['x'], 'enable-leader-migration'), 'enable-leader-migration')).toEqual(['x', 'enable-leader-migration']);
  });

  it.each([
    ['CSIMigrationAWS=false', ''],
    ['CSIMigrationAWS=false,CSIMigrationAWSComplete=false', ''],
    ['RotateKubeletServerCertificate=true,CSIMigrationAWS=false', 'RotateKubeletServerCertificate=true'],
    ['A=true, B=false', 'A=true, B=false'],
  ])('removes the AWS-only gates from %p', (gates, kept) => {
    expect(withoutAwsGates(gates)).toBe(kept);
  });

  it('drops a feature-gates arg left empty and keeps the other args', () => {
    expect(withoutAwsGateArgs(['feature-gates=CSIMigrationAWS=false', 'max-pods=110'])).toEqual(['max-pods=110']);
  });

  it('writes lists back in their original form', () => {
    const config: Record<string, any> = { a: 'x=1', b: ['y'], c: 'z' };

    putArgList(config, 'a', ['x=2']);
    putArgList(config, 'b', []);
    putArgList(config, 'c', ['z', 'w']);
    expect(config).toEqual({ a: 'x=2', c: ['z', 'w'] });
  });
});
