// The one way web sources fetch: a time limit for the whole exchange, a size cap that cuts a long body off, at most
// 5 redirects followed by hand (http and https only), conditional requests (ETag, Last-Modified), a User-Agent
// naming the bot, and every failure a value with one sentence naming its cause.
import { existsSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failure, type SourceFailure, type Validators } from './source.js';

/** How web sources fetch. Plain data: passed to worker threads as it is. */
export interface FetchSettings {
  /** FETCH_TIMEOUT: milliseconds for a whole request, its redirects and its body. Default 15 000. */
  timeoutMs?: number;
  /** FETCH_MAX_BYTES: the largest body read; a longer one is cut off and refused. Default 20 MB. */
  maxBytes?: number;
  /** Sent as User-Agent. Default USER_AGENT. */
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const MAX_REDIRECTS = 5;

/** `blogbot/<version> (+<homepage>)`, from package.json: site owners can tell who reads their feed. */
export const USER_AGENT = userAgent();

export interface FetchRequest {
  /** The Accept header. */
  accept?: string;
  /** Validators of the last answer: a 304 then comes back as `notModified`. */
  validators?: Validators;
}

export interface FetchedBody {
  ok: true;
  notModified: false;
  /** The address finally answered, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** The body decoded with its declared charset (header, or XML declaration), else UTF-8. */
  text: string;
  /** To send next time (see FetchRequest.validators). */
  validators: Validators;
}

export interface NotModified {
  ok: true;
  notModified: true;
  url: string;
  validators: Validators;
}

export type Fetched = FetchedBody | NotModified | SourceFailure;

/** GETs `address`; never throws. Loopback and private addresses are allowed: the owner chose the address. */
export async function fetchResource(
  address: string,
  settings: FetchSettings = {},
  request: FetchRequest = {},
): Promise<Fetched> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = settings.maxBytes ?? DEFAULT_MAX_BYTES;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return failure('address', `"${address}" is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return failure('address', `"${address}" is not an http(s) address.`);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': settings.userAgent ?? USER_AGENT,
    accept: request.accept ?? '*/*',
  };
  if (request.validators?.etag) headers['if-none-match'] = request.validators.etag;
  if (request.validators?.lastModified) headers['if-modified-since'] = request.validators.lastModified;
  const timeout = () =>
    failure('timeout', `${address} timed out: no full answer within ${formatSeconds(timeoutMs)} (FETCH_TIMEOUT).`);

  try {
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
      } catch (error) {
        return timedOut ? timeout() : connectionFailure(url, error);
      }
      if ([301, 302, 303, 307, 308].includes(response.status)) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location)
          return failure(
            'redirect',
            `${url.href} answered with a redirect (HTTP ${response.status}) without saying where to.`,
          );
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return failure(
            'redirect',
            `${url.href} redirects to ${next.protocol}… which is not an http(s) address: refused.`,
          );
        }
        if (redirects >= MAX_REDIRECTS)
          return failure(
            'redirect',
            `${address} gives too many redirects (more than ${MAX_REDIRECTS}): a redirect loop?`,
          );
        url = next;
        continue;
      }
      const validators = validatorsOf(response.headers);
      if (response.status === 304 && request.validators) {
        await response.body?.cancel().catch(() => {});
        return { ok: true, notModified: true, url: url.href, validators: { ...request.validators, ...validators } };
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => {});
        return failure(
          'http-status',
          `${url.href} answered HTTP ${response.status} (${STATUS_CODES[response.status] ?? 'unknown status'}).`,
        );
      }
      const tooLarge = () =>
        failure(
          'too-large',
          `${url.href} is too large: ` +
            `over the ${formatBytes(maxBytes)} limit (FETCH_MAX_BYTES); it was cut off, not read.`,
        );
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        controller.abort();
        return tooLarge();
      }
      const body = await readCapped(response, maxBytes, controller);
      if (body === 'too-large') return tooLarge();
      if (body instanceof Error) return timedOut ? timeout() : connectionFailure(url, body);
      return {
        ok: true,
        notModified: false,
        url: url.href,
        status: response.status,
        headers: response.headers,
        body,
        text: decode(body, response.headers.get('content-type')),
        validators,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body until it ends or passes `maxBytes`, when the rest is never read. */
async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
): Promise<Uint8Array | 'too-large' | Error> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        controller.abort();
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch (error) {
    return error as Error;
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

function validatorsOf(headers: Headers): Validators {
  const etag = headers.get('etag');
  const lastModified = headers.get('last-modified');
  return { ...(etag && { etag }), ...(lastModified && { lastModified }) };
}

/** The sentence for a request that got no answer (undici puts the system's error code in `cause`). */
export function connectionFailure(url: URL, error: unknown): SourceFailure {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  const host = url.host;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return failure('dns', `The server ${url.hostname} was not found (DNS lookup failed).`);
  if (code === 'ECONNREFUSED') return failure('refused', `${host} refused the connection: nothing is listening there.`);
  if (code && /CERT|SSL|TLS|SELF_SIGNED/.test(code))
    return failure('network', `${host}'s TLS certificate is not accepted (${code}).`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
    return failure('network', `${host} closed the connection before answering in full.`);
  return failure(
    'network',
    `${url.href} could not be fetched (${code ?? cause?.message ?? (error as Error).message}).`,
  );
}

/** Charset from the Content-Type header, else from an XML declaration, else UTF-8. */
function decode(body: Uint8Array, contentType: string | null): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(
      new TextDecoder('latin1').decode(body.subarray(0, 200)),
    )?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body).replace(/^\uFEFF/, '');
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

function userAgent(): string {
  // The package.json above this file (src/… when run by tsx, dist/src/… when compiled).
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
        homepage?: string;
        repository?: string | { url?: string };
      };
      if (pkg.name !== 'blogbot') continue;
      const home = pkg.homepage ?? (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);
      const about = home ? ` (+${home.replace(/^git\+/, '')})` : ' (a Discord bot answering questions about this blog)';
      return `blogbot/${pkg.version ?? '0'}${about}`;
    } catch {
      break;
    }
  }
  return 'blogbot (a Discord bot answering questions about this blog)';
}
