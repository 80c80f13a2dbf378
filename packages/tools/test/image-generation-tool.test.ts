import { describe, expect, it } from 'vitest';
import { imageGenerationTool, ToolDefinitionError, TurnkitError } from '../src/index.js';

describe('imageGenerationTool', () => {
  it('sends only the options given, in the wire names', () => {
    expect(imageGenerationTool().definition).toEqual({ type: 'image_generation' });
    const tool = imageGenerationTool({
      model: 'gpt-image-1',
      size: '1536x1024',
      quality: 'low',
      outputFormat: 'webp',
      outputCompression: 80,
      background: 'transparent',
      partialImages: 3,
      moderation: 'low',
      inputFidelity: 'high',
      inputImageMask: { fileId: 'file-mask' },
      action: 'edit',
    });
    expect(tool.kind).toBe('hosted_image_generation');
    expect(tool.definition).toEqual({
      type: 'image_generation',
      model: 'gpt-image-1',
      action: 'edit',
      size: '1536x1024',
      quality: 'low',
      output_format: 'webp',
      output_compression: 80,
      background: 'transparent',
      partial_images: 3,
      moderation: 'low',
      input_fidelity: 'high',
      input_image_mask: { file_id: 'file-mask' },
    });
    expect(Object.isFrozen(tool.definition)).toBe(true);
  });

  it.each([
    [{ partialImages: 4 }, '`partialImages` must be a whole number from 0 to 3, got 4.'],
    [{ partialImages: -1 }, '`partialImages` must be a whole number from 0 to 3, got -1.'],
    [{ partialImages: 1.5 }, '`partialImages` must be a whole number from 0 to 3, got 1.5.'],
    [
      { outputCompression: 101, outputFormat: 'jpeg' },
      '`outputCompression` must be a whole number from 0 to 100',
    ],
    [{ outputCompression: 50 }, '`outputCompression` applies to outputFormat "jpeg" or "webp", not "png".'],
    [
      { background: 'transparent', outputFormat: 'jpeg' },
      '`background` "transparent" needs outputFormat "png" or "webp"',
    ],
    [{ partialImages: 1, outputFormat: 'gif' }, '`partialImages` cannot be used with outputFormat "gif"'],
    [
      { quality: 'ultra' },
      '`quality` must be one of "low", "medium", "high", "xhigh", "max", "auto", got "ultra".',
    ],
    [{ outputFormat: 'bmp' }, '`outputFormat` must be one of "png", "webp", "jpeg", "gif", "svg"'],
    [{ size: '1000x1000' }, '`size` needs a width and height that are multiples of 16, got "1000x1000".'],
    [{ size: '4096x4096' }, '`size` allows at most 3840 pixels on an edge'],
    [{ size: '3840x1024' }, '`size` needs an aspect ratio between 1:3 and 3:1'],
    [{ size: 'large' }, '`size` must be "auto" or WIDTHxHEIGHT'],
    [{ model: '' }, '`model` must be a non-empty string'],
    [{ inputImageMask: {} }, '`inputImageMask` must be { fileId }'],
    [
      { inputImageMask: { fileId: 'f', imageUrl: 'data:image/png;base64,AA==' } },
      '`inputImageMask` must be { fileId }',
    ],
    [
      { inputImageMask: { imageUrl: 'https://x.test/m.png' } },
      '`inputImageMask` imageUrl must be a base64 data URL',
    ],
    [{ partial_images: 2 }, '`partial_images` is not an option; the options are model, size,'],
  ])('refuses %j naming the option', (options, message) => {
    let caught: unknown;
    try {
      imageGenerationTool(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolDefinitionError);
    expect(TurnkitError.is(caught) && caught.code).toBe('tool_definition_invalid');
    expect((caught as Error).message).toContain(message);
    expect((caught as ToolDefinitionError).toolName).toBe('image_generation');
  });

  it('refuses something that is not an options object', () => {
    expect(() => imageGenerationTool(null as never)).toThrow('imageGenerationTool takes an options object.');
  });
});
