import { SdNotifier, NullNotifier, watchdogIntervalMs } from './sd-notify';

describe('watchdogIntervalMs', () => {
  it('is half of WATCHDOG_USEC, in ms', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '10000000' }, 42)).toBe(5000);
  });
  it('is off without WATCHDOG_USEC, or when it is meant for another pid', () => {
    expect(watchdogIntervalMs({}, 42)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: 'x' }, 42)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '10000000', WATCHDOG_PID: '7' }, 42)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '10000000', WATCHDOG_PID: '42' }, 42)).toBe(5000);
  });
});

describe('SdNotifier.fromEnv', () => {
  it('does nothing without NOTIFY_SOCKET (no systemd)', () => {
    expect(SdNotifier.fromEnv({})).toBeInstanceOf(NullNotifier);
    expect(SdNotifier.fromEnv({ NOTIFY_SOCKET: '/run/systemd/notify' })).toBeInstanceOf(SdNotifier);
  });
});
