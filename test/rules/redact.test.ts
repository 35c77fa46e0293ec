import { redactUserInfo } from '../../src/_rules/redact';

describe('redactUserInfo', () => {
  test.each([
    ['http://user:pw@proxy:3128', 'http://***@proxy:3128'],
    ['https://a@b@host/path', 'https://***@host/path'],
    ['user:pw@host', '***@host'],
    ['https://host/path@x', 'https://host/path@x'],
    ['https://host?q=a@b', 'https://host?q=a@b'],
    ['https://docker.io', 'https://docker.io'],
    ['', ''],
  ])('%j becomes %j', (value, shown) => {
    expect(redactUserInfo(value)).toBe(shown);
  });
});
