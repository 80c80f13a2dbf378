import { describe, expect, it } from 'vitest';
import { codeInterpreterTool, ToolDefinitionError } from '../src/index.js';

describe('codeInterpreterTool', () => {
  it('asks for an automatic container by default, as real requests do', () => {
    expect(codeInterpreterTool().definition).toEqual({
      type: 'code_interpreter',
      container: { type: 'auto' },
    });
  });

  it('passes files and memory to an automatic container, or names an existing one', () => {
    expect(codeInterpreterTool({ fileIds: ['file-1'], memoryLimit: '4g' }).definition.container).toEqual({
      type: 'auto',
      file_ids: ['file-1'],
      memory_limit: '4g',
    });
    expect(codeInterpreterTool({ container: 'cntr_abc' }).definition.container).toBe('cntr_abc');
  });

  it('refuses a bad container id, bad files or memory, and options that do not combine', () => {
    expect(() => codeInterpreterTool({ container: 'abc' })).toThrow(ToolDefinitionError);
    expect(() => codeInterpreterTool({ container: 'cntr_a', fileIds: ['f'] })).toThrow(/automatic container/);
    expect(() => codeInterpreterTool({ fileIds: [1 as any] })).toThrow(/fileIds/);
    expect(() => codeInterpreterTool({ memoryLimit: '2g' as any })).toThrow(/memoryLimit/);
  });
});
