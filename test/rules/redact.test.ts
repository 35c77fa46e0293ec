import { redactUserInfo } from '../../src/_rules/redact';

describe('redactUserInfo', () => {
  test.each([
    ['http://user:pw@proxy:3128', 'http://***@proxy:3128'],
    ['https://a@b@host/path', 'https://***@host/path'],
    ['user:pw@host', '***@host'],
    ['http://user:se/cret@proxy:3128', 'http://***@proxy:3128'],
    ['http://user:se#cret@proxy:3128', 'http://***@proxy:3128'],
    ['http://user:se?cret@proxy:3128', 'http://***@proxy:3128'],
    ['HTTPS://user:pw@proxy', 'HTTPS://***@proxy'],
    ['user://pw@docker.io', '***@docker.io'],
    ['http://@', 'http://***@'],
    ['@', '***@'],
    // Over-hiding a '@' that is not user info is accepted: the value is only shown.
    ['https://host/path@x', 'https://***@x'],
    ['https://docker.io', 'https://docker.io'],
    ['', ''],
  ])('%j becomes %j', (value, shown) => {
    expect(redactUserInfo(value)).toBe(shown);
  });
});
