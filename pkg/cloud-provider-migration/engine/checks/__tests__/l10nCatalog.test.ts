import { catalogs, placeholders } from './l10n';

function leaves(obj: Record<string, any>, prefix = ''): Record<string, string> {
  return Object.entries(obj).reduce((out, [k, v]) => (typeof v === 'string' ? { ...out, [`${ prefix }${ k }`]: v } : { ...out, ...leaves(v, `${ prefix }${ k }.`) }), {} as Record<string, string>);
}

describe.each(['checks', 'api'])('the %s l10n section', (section) => {
  const en = leaves(catalogs['en-us'][section]);
  const zh = leaves(catalogs['zh-hans'][section]);

  it('has the same keys in English and Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en)) {
      expect({ key, placeholders: placeholders(zh[key] || '') }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('has Chinese text that is not a copy of the English', () => {
    for (const key of Object.keys(en)) {
      expect({ key, same: zh[key] === en[key] }).toEqual({ key, same: false });
    }
  });
});
