// Structured logs on standard error (standard output carries replies and JSON), with the bot's token never written.
import pino, { type Logger } from 'pino';

export type { Logger };

const secrets = new Set<string>();

/** Registers a value (the token) that must never appear in a log line. */
export function addSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export function createLogger(
  level = 'info',
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'config.DISCORD_TOKEN'],
        censor: '[redacted]',
      },
      hooks: {
        // Errors from libraries can quote the token (an Authorization header, a URL): scrub every line.
        streamWrite: (line) => redactSecrets(line),
      },
    },
    destination,
  );
}
