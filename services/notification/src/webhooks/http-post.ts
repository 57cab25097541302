import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup } from './target-url.js';

export interface PostResult {
  /** The response's status, when one came. */
  status?: number;
  durationMs: number;
  /** Why no response came (refused, timed out, address not allowed…). */
  error?: string;
}

/**
 * POSTs `body` to `url` once: no redirects followed (a 3xx is a failure like any non-2xx), the
 * response body read and dropped, the whole exchange bounded by `timeoutMs`.
 */
export function postOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'user-agent': 'Outloud-Webhooks/1',
    },
    lookup: guardedLookup(options.allowPrivate),
    timeout: options.timeoutMs,
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const req = request(target, requestOptions, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => finish({ status: res.statusCode, durationMs: elapsed() }));
      res.on('error', () => finish({ status: res.statusCode, durationMs: elapsed() }));
    });
    // `timeout` above covers an idle socket; this covers a slow trickle too.
    const deadline = setTimeout(() => {
      req.destroy(new Error(`no response within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        durationMs: elapsed(),
        error: (error.code ? `${error.code}: ` : '') + error.message,
      }),
    );
    req.end(body);
  });
}
