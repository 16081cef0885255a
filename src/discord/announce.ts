// New-post announcements on Discord: the Announcer's new posts as messages in ANNOUNCE_CHANNEL_ID, sent by the shard
// that holds the channel's server, pinging ANNOUNCE_ROLE_ID and nobody else. What was announced is kept in DATA_DIR.
import type { Client } from 'discord.js';
import { Announcer } from '../announcements.js';
import type { Config } from '../config.js';
import type { Library } from '../library.js';
import type { Logger } from '../log.js';
import { announcementReplies } from '../replies/build.js';
import { SqliteAnnouncementLedger } from '../store/announcements.js';
import { describeFailure } from '../store/failure.js';
import { postsTo, sendToChannel } from './channels.js';
import { channelPayload } from './payload.js';

/**
 * Starts announcing when ANNOUNCE_CHANNEL_ID is set and this client holds the channel; returns how to stop. A store
 * that cannot be opened is one warning: nothing is announced rather than risk announcing twice.
 */
export async function startAnnouncements(
  client: Client,
  library: Library,
  config: Pick<Config, 'ANNOUNCE_CHANNEL_ID' | 'ANNOUNCE_ROLE_ID' | 'DATA_DIR'>,
  log: Logger,
): Promise<(() => Promise<void>) | undefined> {
  const channelId = config.ANNOUNCE_CHANNEL_ID;
  if (!channelId || !postsTo(client, channelId)) return undefined;
  let ledger: SqliteAnnouncementLedger;
  try {
    ledger = SqliteAnnouncementLedger.open(config.DATA_DIR);
  } catch (error) {
    log.warn(`new posts will not be announced: ${describeFailure(error)} (DATA_DIR ${config.DATA_DIR}).`);
    return undefined;
  }
  const send = async (posts: Parameters<typeof announcementReplies>[0]) => {
    for (const reply of announcementReplies(posts, {
      ...(config.ANNOUNCE_ROLE_ID && { roleId: config.ANNOUNCE_ROLE_ID }),
    })) {
      await sendToChannel(client, channelId, channelPayload(reply));
    }
  };
  const announcer = new Announcer(library, ledger, { send, log });
  await announcer.start();
  return async () => {
    await announcer.stop();
    ledger.close();
  };
}
