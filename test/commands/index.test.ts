import { expect, it } from 'vitest';
import {
  buttons,
  commands,
  findButton,
  findCommand,
  findMessageCommand,
  messageCommands,
} from '../../commands/index.js';

it('lists /ask, /post, /latest, /help, /reload and /stats, each with a valid slash-command definition', () => {
  expect(commands.map((command) => command.definition.name)).toEqual([
    'ask',
    'post',
    'latest',
    'help',
    'reload',
    'stats',
  ]);
  for (const command of commands) {
    const json = command.definition.toJSON();
    expect(json.description.length).toBeGreaterThan(0);
    expect(json.description.length).toBeLessThanOrEqual(100);
  }
  expect(findCommand('ask')?.definition.name).toBe('ask');
  expect(findCommand('nope')).toBeUndefined();
});

it.each(['reload', 'stats'])('/%s is hidden from members without Manage Server and only offered in servers', (name) => {
  const json = findCommand(name)!.definition.toJSON();
  expect(json.default_member_permissions).toBe('32');
  expect(json.contexts).toEqual([0]);
  // Explicit: unset, they would follow the app's install settings.
  expect(json.integration_types).toEqual([0]);
  expect(findCommand(name)!.slow).toBe(true);
});

it('finds a button handler by the prefix of its custom_id, and no other', () => {
  expect(buttons.map((button) => button.prefix)).toEqual(['fb', 'more', 'share', 'del']);
  expect(findButton('more:3:3:u:=q')?.prefix).toBe('more');
  expect(findButton('fb:up:abc')?.prefix).toBe('fb');
  expect(findButton('fbx:up:abc')).toBeUndefined();
  expect(findButton('')).toBeUndefined();
});

it.each(['ask', 'post', 'latest', 'help'])(
  '/%s can be installed by a member and used in DMs and other servers',
  (name) => {
    const json = findCommand(name)!.definition.toJSON();
    expect(json.integration_types).toEqual([0, 1]);
    expect(json.contexts).toEqual([0, 1, 2]);
    expect(json.default_member_permissions ?? null).toBeNull();
  },
);

it('lists the "Ask the blog" message command (type 3), installable by a member too', () => {
  expect(messageCommands.map((command) => command.definition.name)).toEqual(['Ask the blog']);
  const json = findMessageCommand('Ask the blog')!.definition.toJSON();
  expect(json).toMatchObject({ name: 'Ask the blog', type: 3, integration_types: [0, 1], contexts: [0, 1, 2] });
  expect(findMessageCommand('ask')).toBeUndefined();
});
