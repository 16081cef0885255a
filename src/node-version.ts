// The oldest Node.js the bot runs on (package.json "engines" says the same), checked at start-up so that an older one
// stops with one clear sentence instead of failing half-way through loading the posts.

/** zlib.crc32, which checksums the snapshot and each post's text, came in Node.js 20.15. */
export const OLDEST_NODE = [20, 15] as const;

/** The sentence to stop with when `version` (as in process.versions.node) is older than OLDEST_NODE, else undefined. */
export function nodeTooOld(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [oldestMajor, oldestMinor] = OLDEST_NODE;
  if (major > oldestMajor || (major === oldestMajor && minor >= oldestMinor)) return undefined;
  const oldest = `${oldestMajor}.${oldestMinor}`;
  return `blogbot needs Node.js ${oldest} or later, and this is Node.js ${version}: install a newer one.`;
}
