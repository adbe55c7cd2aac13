import { describe, expect, it } from 'vitest';
import { matchPath } from './router.js';

describe('matchPath', () => {
  it('matches fixed parts and captures parameters', () => {
    expect(matchPath('/console', '/console')).toEqual({});
    expect(matchPath('/console', '/console/')).toEqual({});
    expect(matchPath('/console/achievements/:id', '/console/achievements/01ABC')).toEqual({ id: '01ABC' });
    expect(matchPath('/console/credentials/:id', '/console/credentials/a%2Fb')).toEqual({ id: 'a/b' });
  });

  it('refuses other paths', () => {
    expect(matchPath('/console/achievements/:id', '/console/achievements')).toBeUndefined();
    expect(matchPath('/console/achievements/new', '/console/achievements/other')).toBeUndefined();
    expect(matchPath('/console/issue', '/console/issue/extra')).toBeUndefined();
  });
});
