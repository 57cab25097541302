import http from 'node:http';
import https from 'node:https';

/**
 * The one Meilisearch call on the hot path of every search, made over a keep-alive agent with
 * plain JSON: noticeably cheaper per request than the general client's fetch-based transport.
 */
export interface MeiliSearcher {
  search<T>(index: string, body: object): Promise<MeiliSearchResult<T>>;
}

export interface MeiliSearchResult<T> {
  hits: (T & { _formatted?: Partial<T> })[];
  facetDistribution?: Record<string, Record<string, number>>;
  estimatedTotalHits?: number;
}

export class MeiliSearchError extends Error {}

export function createMeiliSearcher(options: {
  url: string;
  key?: string;
  timeoutMs?: number;
}): MeiliSearcher {
  const base = new URL(options.url);
  const client = base.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 64 });
  const timeout = options.timeoutMs ?? 5_000;
  return {
    search<T>(index: string, body: object) {
      const payload = JSON.stringify(body);
      return new Promise<MeiliSearchResult<T>>((resolve, reject) => {
        const request = client.request(
          new URL(
            `indexes/${encodeURIComponent(index)}/search`,
            base.href.endsWith('/') ? base.href : `${base.href}/`,
          ),
          {
            method: 'POST',
            agent,
            timeout,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if ((response.statusCode ?? 500) >= 300) {
                reject(
                  new MeiliSearchError(
                    `Meilisearch answered ${response.statusCode}: ${text.slice(0, 200)}`,
                  ),
                );
                return;
              }
              try {
                resolve(JSON.parse(text) as MeiliSearchResult<T>);
              } catch (error) {
                reject(
                  new MeiliSearchError('Meilisearch sent an answer that is not JSON', {
                    cause: error,
                  }),
                );
              }
            });
          },
        );
        request.on('timeout', () =>
          request.destroy(new MeiliSearchError('Meilisearch did not answer in time')),
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
  };
}
