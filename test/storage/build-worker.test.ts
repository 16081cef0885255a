// Building in a worker thread gives what building here gives, and writing the snapshot says how it went.
import { readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentFolderError } from '../../src/content/load.js';
import { buildCatalog } from '../../src/storage/build.js';
import { buildAndSave, buildInWorker } from '../../src/storage/build-worker.js';
import { decodeCatalog } from '../../src/storage/snapshot-format.js';
import { contentDir, tempDir } from '../content/factories.js';

function post(title: string, body: string): string {
  return (
    `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-02-03\n` +
    `url: https://example.org/${title.toLowerCase().replace(/\W+/g, '-')}/\n---\n\n${body}\n`
  );
}

const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);

describe('building in a worker thread', () => {
  it('gives the same catalog as building in this thread', async () => {
    const dir = contentDir({
      'a.md': post('Kubernetes networking', '# Overlays\n\nCalico and Flannel.\n\n## Policies\n\nCalico policies.'),
      'b.md': post('Zürich', 'Déjà vu at the café.\n\n- item one\n- item two'),
      'c.md': '---\ntitle: broken',
    });
    // Files written seconds ago make a "racy" change key, which could be told differently by the two builds.
    for (const name of ['a.md', 'b.md', 'c.md']) await utimes(path.join(dir, name), HOUR_AGO, HOUR_AGO);
    const built = await buildCatalog({ sources: [dir] });
    const here = await decodeCatalog(built.buffer, { text: built.text });
    const worker = buildInWorker({ sources: [dir] });
    const workerBuilt = await worker.result;
    const there = await decodeCatalog(workerBuilt.buffer, { text: workerBuilt.text });
    await worker.saved;
    const { buffer: _a, generation: _b, index: indexHere, ...restHere } = here;
    const { buffer: _c, generation: _d, index: indexThere, ...restThere } = there;
    expect(restThere).toEqual(restHere);
    expect(indexThere.data).toEqual(indexHere.data);
  }, 20_000);

  it('writes the snapshot under the code key it is given, so that its caller recognises it', async () => {
    const dir = contentDir({ 'a.md': post('Kubernetes networking', 'Calico and Flannel.') });
    const worker = buildInWorker({ sources: [dir], codeKey: 'the caller key' });
    const built = await worker.result;
    await worker.saved;
    expect((await decodeCatalog(built.buffer, { text: built.text })).codeKey).toBe('the caller key');
  }, 20_000);

  it('reports a folder that cannot be read as a ContentFolderError', async () => {
    const worker = buildInWorker({ sources: [path.join(os.tmpdir(), 'blogbot-no-such-folder')] });
    await expect(worker.result).rejects.toBeInstanceOf(ContentFolderError);
    await worker.saved;
  }, 20_000);
});

describe('writing the snapshot after a build', () => {
  for (const inWorker of [false, true]) {
    const where = inWorker ? 'in a worker' : 'in this thread';

    it(`says it was written, or why not (${where})`, async () => {
      const dir = contentDir({ 'a.md': post('Alpha', 'Alpha text.') });
      await utimes(path.join(dir, 'a.md'), HOUR_AGO, HOUR_AGO);
      const cache = tempDir();
      const written = buildAndSave({ sources: [dir], snapshotFile: path.join(cache, 'snapshot.bin') }, inWorker);
      expect(await written.saved).toEqual({ status: 'written' });
      expect(await readdir(cache)).toEqual(['snapshot.bin']);

      await writeFile(path.join(cache, 'a-file'), 'not a folder');
      const file = path.join(cache, 'a-file', 'deeper', 'snapshot.bin');
      const failed = buildAndSave({ sources: [dir], snapshotFile: file }, inWorker);
      expect((await failed.result).report.postCount).toBe(1);
      expect(await failed.saved).toEqual({
        status: 'failed',
        file,
        reason: expect.stringMatching(/ENOTDIR|not a directory/),
      });
    }, 20_000);

    it(`writes no snapshot of files edited in the last seconds (${where})`, async () => {
      const dir = contentDir({ 'a.md': post('Alpha', 'Alpha text.') });
      const cache = tempDir();
      const build = buildAndSave({ sources: [dir], snapshotFile: path.join(cache, 'snapshot.bin') }, inWorker);
      expect(await build.saved).toEqual({ status: 'skipped' });
      expect(await readdir(cache)).toEqual([]);
    }, 20_000);
  }
});
