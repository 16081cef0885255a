import { expect, it } from 'vitest';
import { commands, findCommand } from '../../commands/index.js';

it('lists /ask, /latest and /reload, each with a valid slash-command definition', () => {
  expect(commands.map((command) => command.definition.name)).toEqual(['ask', 'latest', 'reload']);
  for (const command of commands) {
    const json = command.definition.toJSON();
    expect(json.description.length).toBeGreaterThan(0);
    expect(json.description.length).toBeLessThanOrEqual(100);
  }
  expect(findCommand('ask')?.definition.name).toBe('ask');
  expect(findCommand('nope')).toBeUndefined();
});

it('/reload is hidden from members without Manage Server and only offered in servers', () => {
  const json = findCommand('reload')!.definition.toJSON();
  expect(json.default_member_permissions).toBe('32');
  expect(json.contexts).toEqual([0]);
  expect(findCommand('reload')!.slow).toBe(true);
});
