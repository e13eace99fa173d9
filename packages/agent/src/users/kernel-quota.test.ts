import { kernelQuotaMount, setquotaArgs, userQuotaOn } from './kernel-quota';
import type { Exec } from '../system/exec';

function fakeExec(outputs: Record<string, string | Error>): Exec {
  return async (file) => {
    const out = outputs[file];
    if (out instanceof Error) throw out;
    return { stdout: out ?? '', stderr: '', code: 0 };
  };
}

describe('kernel quotas', () => {
  test('quotaon -p output: on, off, absent', () => {
    expect(userQuotaOn('group quota on /home (/dev/sda2) is off\nuser quota on /home (/dev/sda2) is on\n')).toBe('/home');
    expect(userQuotaOn('user quota on /home (/dev/sda2) is off\n')).toBeNull();
    expect(userQuotaOn('')).toBeNull();
  });

  test('used only when the home filesystem has user quotas on', async () => {
    expect(await kernelQuotaMount(fakeExec({ findmnt: '/home\n', quotaon: 'user quota on /home (/dev/sda2) is on\n' }), '/home')).toBe('/home');
    expect(await kernelQuotaMount(fakeExec({ findmnt: '/\n', quotaon: '' }), '/a/home')).toBeNull();
    expect(await kernelQuotaMount(fakeExec({ findmnt: '/home\n', quotaon: new Error('quotaon: not found') }), '/b/home')).toBeNull();
    // The quota that is on belongs to another filesystem: not ours.
    expect(await kernelQuotaMount(fakeExec({ findmnt: '/home\n', quotaon: 'user quota on / (/dev/sda1) is on\n' }), '/c/home')).toBeNull();
    // Remembered for a while: no second probe.
    expect(await kernelQuotaMount(fakeExec({ findmnt: new Error('not called') }), '/home')).toBe('/home');
  });

  test('setquota gets the package quota in 1 KiB blocks, soft = hard, no inode limit', () => {
    expect(setquotaArgs('alice', 500, '/home')).toEqual(['-u', 'alice', '512000', '512000', '0', '0', '/home']);
    expect(setquotaArgs('alice', 0, '/home')).toEqual(['-u', 'alice', '0', '0', '0', '0', '/home']);
    expect(() => setquotaArgs('alice', -1, '/home')).toThrow();
  });
});
