// The one fetch helper, against local servers: redirects, limits, conditional requests, and a sentence per failure.
import { describe, expect, it } from 'vitest';
import { connectionFailure, fetchResource, type Fetched } from '../../../src/content/sources/http.js';
import { closedPort, webServer } from './web-server.js';

function bodyOf(result: Fetched) {
  if (!result.ok || result.notModified) throw new Error(`expected a body, got ${JSON.stringify(result)}`);
  return result;
}
function failureOf(result: Fetched) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify({ ...result, body: undefined })}`);
  return result;
}

describe('fetchResource', () => {
  it('gets the body, names the bot in User-Agent and sends the Accept asked for', async () => {
    const server = await webServer({
      '/feed': { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: '<rss>café</rss>' },
    });
    const result = bodyOf(await fetchResource(`${server.origin}/feed`, {}, { accept: 'application/rss+xml' }));
    expect(result.text).toBe('<rss>café</rss>');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^blogbot\/\d+\.\d+\.\d+ \(/);
    expect(server.requests[0]!.headers.accept).toBe('application/rss+xml');
  });

  it('decodes the charset the answer declares, in its header or its XML declaration', async () => {
    const latin1 = Uint8Array.from(
      [...'<a>caf']
        .map((c) => c.charCodeAt(0))
        .concat(
          [0xe9],
          [...'</a>'].map((c) => c.charCodeAt(0)),
        ),
    );
    const server = await webServer({
      '/header': { headers: { 'content-type': 'text/xml; charset=ISO-8859-1' }, body: latin1 },
      '/declared': {
        headers: { 'content-type': 'text/xml' },
        body: Uint8Array.from([...new TextEncoder().encode('<?xml version="1.0" encoding="iso-8859-1"?>'), ...latin1]),
      },
    });
    expect(bodyOf(await fetchResource(`${server.origin}/header`)).text).toBe('<a>café</a>');
    expect(bodyOf(await fetchResource(`${server.origin}/declared`)).text).toContain('<a>café</a>');
  });

  it('follows up to 5 redirects, relative ones too, and says where it ended', async () => {
    const routes: Record<string, { status: number; headers: Record<string, string> }> = {};
    for (let i = 0; i < 5; i++)
      routes[`/r${i}`] = { status: i % 2 ? 301 : 302, headers: { location: i === 4 ? '/final' : `/r${i + 1}` } };
    const server = await webServer({ ...routes, '/final': { body: 'arrived' } });
    const result = bodyOf(await fetchResource(`${server.origin}/r0`));
    expect(result.text).toBe('arrived');
    expect(result.url).toBe(`${server.origin}/final`);
  });

  it('refuses a sixth redirect and a redirect loop', async () => {
    const server = await webServer({ '/loop': { status: 302, headers: { location: '/loop' } } });
    const result = failureOf(await fetchResource(`${server.origin}/loop`));
    expect(result).toEqual({
      ok: false,
      cause: 'redirect',
      reason: `${server.origin}/loop gives too many redirects (more than 5): a redirect loop?`,
    });
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to something other than http(s)', async () => {
    const server = await webServer({ '/away': { status: 301, headers: { location: 'file:///etc/passwd' } } });
    expect(failureOf(await fetchResource(`${server.origin}/away`))).toMatchObject({
      cause: 'redirect',
      reason: expect.stringContaining('not an http(s) address: refused'),
    });
  });

  it('times out a server that never answers, and one that stops half-way through the body', async () => {
    const server = await webServer({
      '/silent': () => {},
      '/stalls': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.write('<rss>');
      },
    });
    for (const path of ['/silent', '/stalls']) {
      expect(failureOf(await fetchResource(`${server.origin}${path}`, { timeoutMs: 300 }))).toEqual({
        ok: false,
        cause: 'timeout',
        reason: `${server.origin}${path} timed out: no full answer within 0.3 s (FETCH_TIMEOUT).`,
      });
    }
  });

  it('refuses a body over the cap from its Content-Length, without reading it', async () => {
    const server = await webServer({ '/big': { headers: { 'content-length': String(2048) }, body: 'x'.repeat(2048) } });
    expect(failureOf(await fetchResource(`${server.origin}/big`, { maxBytes: 1024 }))).toEqual({
      ok: false,
      cause: 'too-large',
      reason: `${server.origin}/big is too large: over the 1 KB limit (FETCH_MAX_BYTES); it was cut off, not read.`,
    });
  });

  it('cuts off a 60 MB body sent without a length, long before its end', async () => {
    let sent = 0;
    let finished = false;
    const server = await webServer({
      '/huge': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (sent < 60 * 1024 * 1024) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          finished = true;
          response.end();
        };
        response.on('close', () => response.removeAllListeners('drain'));
        pump();
      },
    });
    const result = failureOf(await fetchResource(`${server.origin}/huge`, { maxBytes: 1024 * 1024 }));
    expect(result.cause).toBe('too-large');
    expect(result.reason).toContain('is too large: over the 1 MB limit');
    expect(finished).toBe(false);
  });

  it('sends its validators back and reports a 304 as not modified', async () => {
    const server = await webServer({
      '/feed': (request, response) => {
        if (request.headers['if-none-match'] === '"v1"') return void response.writeHead(304).end();
        response.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 01 Jan 2020 00:00:00 GMT' }).end('<rss/>');
      },
    });
    const first = bodyOf(await fetchResource(`${server.origin}/feed`));
    expect(first.validators).toEqual({ etag: '"v1"', lastModified: 'Wed, 01 Jan 2020 00:00:00 GMT' });
    const second = await fetchResource(`${server.origin}/feed`, {}, { validators: first.validators });
    expect(second).toEqual({ ok: true, notModified: true, url: `${server.origin}/feed`, validators: first.validators });
    expect(server.requests[1]!.headers['if-modified-since']).toBe('Wed, 01 Jan 2020 00:00:00 GMT');
  });

  it.each([
    [404, 'HTTP 404 (Not Found)'],
    [500, 'HTTP 500 (Internal Server Error)'],
    [403, 'HTTP 403 (Forbidden)'],
  ])('names an HTTP error status: %i', async (status, words) => {
    const server = await webServer({ '/x': { status, body: 'nope' } });
    expect(failureOf(await fetchResource(`${server.origin}/x`))).toEqual({
      ok: false,
      cause: 'http-status',
      reason: `${server.origin}/x answered ${words}.`,
    });
  });

  it('says when nothing listens at the address', async () => {
    const port = await closedPort();
    expect(failureOf(await fetchResource(`http://127.0.0.1:${port}/feed`))).toEqual({
      ok: false,
      cause: 'refused',
      reason: `127.0.0.1:${port} refused the connection: nothing is listening there.`,
    });
  });

  it('refuses addresses that are not http(s)', async () => {
    expect(failureOf(await fetchResource('ftp://example.org/feed'))).toMatchObject({ cause: 'address' });
    expect(failureOf(await fetchResource('not an address'))).toMatchObject({
      cause: 'address',
      reason: '"not an address" is not a web address.',
    });
  });

  it('names a DNS failure (the error as undici reports it)', () => {
    const error = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    expect(connectionFailure(new URL('https://no-such-blog.example/feed'), error)).toEqual({
      ok: false,
      cause: 'dns',
      reason: 'The server no-such-blog.example was not found (DNS lookup failed).',
    });
  });
});
