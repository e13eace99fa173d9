import { ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as h2 from 'node:http2';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { BODY_COMPLETE_TRAILER } from '../../packages/agent/src/webdisk/body-complete';
import { STATE_DIR_NAME } from '../../packages/agent/src/webdisk/dav/safe-fs';

/**
 * A Web Disk worker keeps an upload only when the front said the body arrived whole
 * (its `hearth-body-complete` trailer). Node's Http2Stream.close(NGHTTP2_CANCEL), which the
 * front uses to cut an upload past the size limit, ends the stream (END_STREAM) before it
 * resets it, so a worker could see a normal end of a truncated body and commit it after
 * the client got 413 (seen once in a fresh run). This talks HTTP/2 to a real worker
 * directly, as the front does, and plays both halves of that race.
 */
jest.setTimeout(120_000);

const WORKER = join(__dirname, '../../packages/agent/dist/webdisk/webdisk-worker.js');
const NOBODY = 65534;

let home: string;
let child: ChildProcess;
let session: h2.ClientHttp2Session;

beforeAll(async () => {
  home = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'webdisk-trailer-'));
  chownSync(home, NOBODY, NOBODY);
  const job = { login: 'trailer@example.com', home, homedir: '', readOnly: false, quotaBytes: 64 * 1024 * 1024, maxPropsBytes: 65536 };
  // As the launcher starts it: an unprivileged uid, the front's end of a socket pair as fd 3.
  child = spawn(process.execPath, [WORKER, JSON.stringify(job)], { uid: NOBODY, gid: NOBODY, cwd: '/', stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  const socket = child.stdio[3] as Socket;
  session = h2.connect('http://webdisk-worker', { createConnection: () => socket });
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
});

afterAll(async () => {
  session?.close();
  child?.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

/** The status the worker answers (0: the stream was reset before any answer). */
function answer(stream: h2.ClientHttp2Stream): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('close', () => resolve(status));
    stream.on('error', () => undefined);
    stream.resume();
  });
}

function put(name: string, body: Buffer, trailer: boolean): Promise<number> {
  const headers = { ':method': 'PUT', ':path': `/${name}`, 'content-length': String(body.length) };
  const stream = session.request(headers, { waitForTrailers: trailer });
  if (trailer) stream.on('wantTrailers', () => stream.sendTrailers({ [BODY_COMPLETE_TRAILER]: '1' }));
  const status = answer(stream);
  stream.end(body);
  return status;
}

/** Files the worker left in its hidden state directory for uploads. */
const partials = () => (existsSync(join(home, STATE_DIR_NAME)) ? readdirSync(join(home, STATE_DIR_NAME)).filter((n) => n.endsWith('.part')) : []);

it('keeps a body the front marked whole', async () => {
  const body = Buffer.alloc(256 * 1024, 'a');
  expect(await put('whole.bin', body, true)).toBe(201);
  expect(readFileSync(join(home, 'whole.bin')).equals(body)).toBe(true);
});

it('refuses a body that ended without the trailer and keeps nothing of it', async () => {
  expect(await put('untold.bin', Buffer.alloc(64 * 1024, 'b'), false)).toBe(400);
  expect(existsSync(join(home, 'untold.bin'))).toBe(false);
  expect(partials()).toEqual([]);
});

it('keeps nothing of an upload the front cut off with close(NGHTTP2_CANCEL), however the race falls', async () => {
  for (let i = 0; i < 20; i++) {
    const declared = 1024 * 1024;
    const stream = session.request({ ':method': 'PUT', ':path': `/cut-${i}.bin`, 'content-length': String(declared) }, { waitForTrailers: true });
    // The front's cut path: no trailer; the close ends the stream, then resets it.
    stream.on('wantTrailers', () => stream.close(h2.constants.NGHTTP2_CANCEL));
    const status = answer(stream);
    stream.write(Buffer.alloc(100 * 1024 + i * 1000, 'c'));
    stream.close(h2.constants.NGHTTP2_CANCEL);
    expect([0, 400]).toContain(await status);
  }
  // The worker's answer may come before it has removed its partial file.
  await new Promise((r) => setTimeout(r, 500));
  expect(readdirSync(home).filter((n) => n.startsWith('cut-'))).toEqual([]);
  expect(partials()).toEqual([]);
});

it('still keeps a whole body after the cut ones (the session is sound)', async () => {
  const body = Buffer.from('after the cut\n');
  expect(await put('after.txt', body, true)).toBe(201);
  expect(readFileSync(join(home, 'after.txt'), 'utf8')).toBe('after the cut\n');
});
