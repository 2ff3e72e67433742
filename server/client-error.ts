// Requests Node's HTTP parser refuses before Express sees them (URL or headers over the 16 KB
// limit, malformed request lines) get the API's one JSON error shape instead of a bare 400/431.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody, HttpError } from './errors.ts';

function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

const MESSAGES: Record<number, string> = {
  400: 'The request could not be parsed as HTTP (malformed request line or headers).',
  408: 'The request took too long to arrive.',
  431: 'The request line or headers are too large (the limit is 16 KB); shorten the URL or the headers.',
};

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // ECONNRESET and the like: the client is gone, there is no one to answer.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const status = statusOf(err.code);
    const code = status === 431 ? 'request_too_large' : status === 408 ? 'request_timeout' : 'bad_request';
    const body = JSON.stringify(errorBody(new HttpError(status, code, MESSAGES[status])));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
