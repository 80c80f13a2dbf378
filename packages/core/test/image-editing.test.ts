import type { Emulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  Conversation,
  type ConversationItem,
  createAgent,
  createConversation,
  generatedImages,
  imageGenerationTool,
  type RunEvent,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';
import { decodePng } from './png-decode.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const reasoning = { effort: 'low' } as const;
const studio = (
  strategy: 'server' | 'stateless',
  c: OpenAI = client,
  size: '64x64' | '1024x1024' = '64x64',
) =>
  createAgent({
    model: 'm',
    client: c,
    strategy,
    instructions: 'You draw pictures and edit them.',
    tools: [imageGenerationTool({ size, quality: 'low' })],
    settings: { reasoning },
  });

/** Mean of one colour channel (0 red, 1 green, 2 blue) of a base64 PNG. */
function mean(base64: string, channel: number): number {
  const png = decodePng(Buffer.from(base64, 'base64'));
  let sum = 0;
  for (let i = channel; i < png.pixels.length; i += png.channels) sum += png.pixels[i]!;
  return sum / (png.width * png.height);
}

describe('editing a generated image in a later turn', () => {
  it.each(['server', 'stateless'] as const)(
    'turns "now make it blue" into an edit of the image drawn before (%s)',
    async (strategy) => {
      const agent = studio(strategy);
      const conversation = createConversation({ strategy });
      const drawn = await agent.run('Draw a picture of a red fox.', { conversation });
      const [fox] = generatedImages(drawn);
      expect(fox?.action).toBe('generate');
      const events: RunEvent[] = [];
      const stream = agent.stream('Now make it blue.', { conversation });
      stream.on('image_generated', (e) => events.push(e));
      const edited = await stream.result;
      const [blue] = generatedImages(edited);
      expect(blue).toMatchObject({ action: 'edit', size: '64x64' });
      expect(blue!.revisedPrompt).toContain(`an edit of ${fox!.itemId}`);
      expect(events).toMatchObject([{ type: 'image_generated', action: 'edit', itemId: blue!.itemId }]);
      expect(mean(blue!.base64, 2)).toBeGreaterThan(mean(blue!.base64, 0));
      const second = createBodies(emu)[1];
      const sentImages = second.input.filter((i: any) => i.type === 'image_generation_call');
      if (strategy === 'server') {
        expect(second.previous_response_id).toBe(drawn.responses[0]!.id);
        expect(sentImages).toEqual([]);
      } else {
        expect(second.store).toBe(false);
        expect(sentImages).toEqual([expect.objectContaining({ id: fox!.itemId, result: fox!.base64 })]);
      }
    },
  );
});

describe('what the stateless strategy resends of generated images', () => {
  it('sends only the newest image on later turns, so requests stay bounded across 5 images', async () => {
    const sizes: number[] = [];
    const measured = new OpenAI({
      baseURL: emu.url,
      apiKey: 'test',
      maxRetries: 0,
      fetch: (url, init) => {
        if (typeof init?.body === 'string') sizes.push(Buffer.byteLength(init.body));
        return fetch(url, init);
      },
    });
    const agent = studio('stateless', measured, '1024x1024');
    const conversation = createConversation({ strategy: 'stateless' });
    const prompts = [
      'Draw a picture of a lighthouse.',
      'Now make it blue.',
      'Make it green.',
      'Make it orange.',
      'Make it purple.',
      'Thanks, that is all.',
    ];
    const images: string[] = [];
    for (const prompt of prompts) {
      const result = await agent.run(prompt, { conversation });
      images.push(...generatedImages(result).map((i) => i.base64));
    }
    expect(images).toHaveLength(5);
    const imageBytes = Math.min(...images.map((b64) => b64.length));
    expect(imageBytes).toBeGreaterThan(10_000);
    const later = sizes.slice(1);
    // Each later request carries one image and a little more text than the one before it.
    for (const bytes of later) {
      expect(bytes).toBeGreaterThan(imageBytes);
      expect(bytes).toBeLessThan(later[0]! + imageBytes / 2);
    }
    const last = createBodies(emu).at(-1);
    const sent = last.input.filter((i: any) => i.type === 'image_generation_call');
    expect(sent).toEqual([expect.objectContaining({ result: images.at(-1) })]);
    expect(conversation.history.filter((i) => i.type === 'image_generation_call')).toHaveLength(5);
  }, 60_000);

  it('leaves out older image calls with the reasoning before them, unless a message follows', () => {
    const user = (text: string): ConversationItem => ({ role: 'user', content: text }) as ConversationItem;
    const item = (type: string, id: string, more: object = {}) => ({ type, id, ...more }) as ConversationItem;
    const history = [
      user('Draw a fox'),
      item('reasoning', 'rs_1', { encrypted_content: 'x', summary: [] }),
      item('image_generation_call', 'ig_1', { status: 'completed', result: 'AAAA' }),
      item('message', 'msg_1', { role: 'assistant', content: [] }),
      user('Draw a whale'),
      item('reasoning', 'rs_2', { encrypted_content: 'y', summary: [] }),
      item('image_generation_call', 'ig_2', { status: 'completed', result: 'BBBB' }),
      user('Make it blue'),
      item('reasoning', 'rs_3', { encrypted_content: 'z', summary: [] }),
      item('image_generation_call', 'ig_3', { status: 'completed', result: 'CCCC' }),
      item('message', 'msg_3', { role: 'assistant', content: [] }),
    ];
    const conversation = Conversation.fromJSON({
      schemaVersion: 1,
      strategy: 'stateless',
      lastResponseId: 'resp_3',
      history,
      pending: [user('Thanks')],
      unanswered: [],
    });
    const ids = conversation.nextRequest().input.map((i: any) => i.id ?? i.content);
    expect(ids).toEqual([
      'Draw a fox',
      'rs_1',
      'msg_1',
      'Draw a whale',
      'Make it blue',
      'rs_3',
      'ig_3',
      'msg_3',
      'Thanks',
    ]);
    expect(conversation.history).toHaveLength(history.length);
  });
});
