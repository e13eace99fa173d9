/**
 * The trailer the front sends to a worker after a request body it forwarded whole, and only
 * then. Ending an HTTP/2 stream is not proof: Node's `Http2Stream.close(CANCEL)` ends the
 * writable side (END_STREAM) before it sends RST_STREAM, so a worker can see a cut-off upload
 * end normally. A PUT commits its file only with this trailer.
 */
export const BODY_COMPLETE_TRAILER = 'hearth-body-complete';
