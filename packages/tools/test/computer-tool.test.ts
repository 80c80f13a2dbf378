import { describe, expect, it } from 'vitest';
import {
  type Computer,
  ComputerActionRefusedError,
  computerTool,
  ToolDefinitionError,
  TurnkitError,
} from '../src/index.js';

/** A screen that does nothing: enough for definition-time checks, which never call it. */
function screen(extra: Partial<Computer> = {}): Computer {
  const done = async () => {};
  return {
    screenshot: async () => new Uint8Array(),
    click: done,
    doubleClick: done,
    scroll: done,
    type: done,
    keypress: done,
    move: done,
    drag: done,
    wait: done,
    ...extra,
  };
}

describe('computerTool', () => {
  it('describes the screen to the model in the wire names of computer_use_preview', () => {
    const computer = screen();
    const tool = computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer });
    expect(tool.kind).toBe('computer');
    expect(tool.definition).toEqual({
      type: 'computer_use_preview',
      environment: 'browser',
      display_width: 1024,
      display_height: 768,
    });
    expect(tool.computer).toBe(computer);
    expect(tool.keepScreenshots).toBe(1);
    expect(Object.isFrozen(tool.definition)).toBe(true);
  });

  it('keeps as many full screenshots as asked', () => {
    const tool = computerTool({
      environment: 'ubuntu',
      displayWidth: 1280,
      displayHeight: 800,
      computer: screen(),
      keepScreenshots: 3,
    });
    expect(tool.keepScreenshots).toBe(3);
  });

  it.each([
    [
      { environment: 'amiga' },
      '`environment` must be one of "browser", "mac", "windows", "ubuntu", "linux", got "amiga".',
    ],
    [{ displayWidth: 0 }, '`displayWidth` must be a whole number of pixels from 1 to 10000, got 0.'],
    [
      { displayHeight: 767.5 },
      '`displayHeight` must be a whole number of pixels from 1 to 10000, got 767.5.',
    ],
    [
      { displayWidth: '1024' },
      '`displayWidth` must be a whole number of pixels from 1 to 10000, got "1024".',
    ],
    [{ keepScreenshots: 0 }, '`keepScreenshots` must be a whole number of at least 1, got 0.'],
    [
      { display: 1 },
      '`display` is not an option; the options are environment, displayWidth, displayHeight, computer, keepScreenshots.',
    ],
    [
      { computer: undefined },
      '`computer` must be a Computer (e.g. a browser from @turnkit/computer), which runs the actions.',
    ],
  ])('refuses %j, naming the option', (override, message) => {
    const options = {
      environment: 'browser',
      displayWidth: 1024,
      displayHeight: 768,
      computer: screen(),
      ...override,
    };
    let caught: unknown;
    try {
      computerTool(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolDefinitionError);
    expect((caught as ToolDefinitionError).code).toBe('tool_definition_invalid');
    expect((caught as Error).message).toBe(`computerTool: ${message}`);
  });

  it('refuses a computer that lacks methods, naming each', () => {
    const { drag: _drag, wait: _wait, ...partial } = screen();
    expect(() =>
      computerTool({ environment: 'mac', displayWidth: 1, displayHeight: 1, computer: partial as Computer }),
    ).toThrow(/`computer` lacks drag\(\), wait\(\); a Computer implements screenshot, click/);
  });

  it('refuses a display size that is not the size of the computer screen', () => {
    const computer = screen({ dimensions: { width: 800, height: 600 } });
    expect(() =>
      computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer }),
    ).toThrow("`displayWidth` and `displayHeight` say 1024x768, but the computer's screen is 800x600");
  });

  it('refuses a currentUrl that is not a function', () => {
    const computer = screen({ currentUrl: 'http://x' as never });
    expect(() =>
      computerTool({ environment: 'browser', displayWidth: 1, displayHeight: 1, computer }),
    ).toThrow('`computer` has a `currentUrl` that is not a function.');
  });

  it('refuses something that is not an options object', () => {
    expect(() => computerTool(null as never)).toThrow(ToolDefinitionError);
  });
});

describe('ComputerActionRefusedError', () => {
  it('names the action and carries the reason for the model', () => {
    const error = new ComputerActionRefusedError('click', 'the page is outside the allowed URLs');
    expect(TurnkitError.is(error)).toBe(true);
    expect(error.code).toBe('computer_action_refused');
    expect(error.message).toBe('The click action was refused: the page is outside the allowed URLs');
    expect(error.reason).toBe('the page is outside the allowed URLs');
  });
});
