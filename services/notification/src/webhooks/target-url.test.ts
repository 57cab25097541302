import { describe, expect, it } from 'vitest';
import { isPrivateAddress, targetProblem } from './target-url.js';

describe('webhook targets', () => {
  it('takes public http(s) URLs and refuses other schemes and credentials', () => {
    expect(targetProblem('https://hooks.slack.com/services/T0/B0/x', false)).toBeNull();
    expect(targetProblem('http://example.com/hook', false)).toBeNull();
    expect(targetProblem('ftp://example.com/hook', false)).toMatch(/http/);
    expect(targetProblem('https://u:p@example.com/hook', false)).toMatch(/password/);
  });

  it('refuses loopback, private, link-local and mapped addresses unless allowed', () => {
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'http://10.1.2.3/',
      'http://172.20.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(targetProblem(url, false), url).not.toBeNull();
      expect(targetProblem(url, true), url).toBeNull();
    }
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
  });
});
