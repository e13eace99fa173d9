import { isConnectionError } from './db';

function err(props: Record<string, unknown>): Error {
  return Object.assign(new Error('x'), props);
}

describe('isConnectionError: which database failures mean "unavailable" (503), not a bug (500)', () => {
  test.each([
    ['refused', err({ code: 'ECONNREFUSED' }), true],
    ['socket missing', err({ code: 'ENOENT' }), true],
    ['server shutting down', err({ code: 'ER_SERVER_SHUTDOWN' }), true],
    ['connection killed', err({ code: 'ER_CONNECTION_KILLED' }), true],
    ['lost mid-query', err({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true }), true],
    ['pooled connection closed by the server (no code, fatal)', err({ fatal: true }), true],
    ['pool acquire timeout', Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }), true],
    ['duplicate key', err({ code: 'ER_DUP_ENTRY' }), false],
    ['syntax error', err({ code: 'ER_PARSE_ERROR', fatal: false }), false],
    ['plain error', new Error('boom'), false],
    ['not an error', null, false],
  ])('%s', (_name, e, expected) => {
    expect(isConnectionError(e)).toBe(expected);
  });
});
