import { lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  codeInterpreterTool,
  containerFiles,
  createAgent,
  downloadContainerFile,
  InputError,
  type RunEvent,
  saveContainerFile,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

describe('the code interpreter', () => {
  it('runs real Python, reports the code and its logs, and keeps state along the conversation', async () => {
    emu.enqueue(
      reply.code('total = sum(range(10))\nprint(total)', { message: 'The sum is 45.' }),
      reply.code('print(total * 2)', { message: 'Twice that is 90.' }),
    );
    const agent = createAgent({ model: 'm', client, tools: [codeInterpreterTool()] });
    const calls: RunEvent[] = [];
    let code = '';
    const stream = agent.stream('Add up 0..9');
    stream.on('code_interpreter_call', (e) => calls.push(e));
    stream.on('code_delta', (e) => (code += e.delta));
    const first = await stream.result;
    expect(first.output).toBe('The sum is 45.');
    expect(code).toBe('total = sum(range(10))\nprint(total)');
    expect(calls).toMatchObject([{ logs: ['45\n'], containerId: expect.stringMatching(/^cntr_/) }]);
    expect(createBodies(emu)[0].include).toEqual(['code_interpreter_call.outputs']);

    const twice = agent.stream('Double it', { conversation: first.conversation });
    twice.on('code_interpreter_call', (e) => calls.push(e));
    await twice.result;
    expect((calls[1] as any).logs).toEqual(['90\n']);
    expect((calls[1] as any).containerId).toBe((calls[0] as any).containerId);
  }, 30_000);

  it('finds the file the code wrote in the answer, and downloads its bytes', async () => {
    const code =
      "import csv\nwith open('/mnt/data/squares.csv', 'w', newline='') as f:\n    w = csv.writer(f)\n    for n in range(1, 4):\n        w.writerow([n, n * n])\nprint('saved')";
    emu.enqueue(
      reply.code(code, {
        message: 'Saved [squares.csv](sandbox:/mnt/data/squares.csv).',
        cite: 'squares.csv',
      }),
    );
    const result = await createAgent({ model: 'm', client, tools: [codeInterpreterTool()] }).run(
      'Save some squares',
    );
    const files = containerFiles(result);
    expect(files).toEqual([
      {
        containerId: expect.stringMatching(/^cntr_/),
        fileId: expect.stringMatching(/^cfile_/),
        filename: 'squares.csv',
      },
    ]);
    const bytes = await downloadContainerFile({ client, ...files[0]! });
    expect(new TextDecoder().decode(bytes).replace(/\r/g, '')).toBe('1,1\n2,4\n3,9\n');
  }, 30_000);

  it('reads a file uploaded through the Files API', async () => {
    const upload = await client.files.create({
      file: new File(['city,temp\nParis,18\nOslo,4\n'], 'temps.csv'),
      purpose: 'user_data',
    });
    emu.enqueue(
      reply.code(
        "import csv\nrows = list(csv.DictReader(open('/mnt/data/temps.csv')))\nprint(min(rows, key=lambda r: int(r['temp']))['city'])",
        {
          message: 'Oslo is the coldest.',
        },
      ),
    );
    const calls: RunEvent[] = [];
    const stream = createAgent({
      model: 'm',
      client,
      tools: [codeInterpreterTool({ fileIds: [upload.id] })],
    }).stream('Which city is coldest?');
    stream.on('code_interpreter_call', (e) => calls.push(e));
    await stream.result;
    expect((calls[0] as any).logs).toEqual(['Oslo\n']);
    expect(createBodies(emu)[0].tools).toEqual([
      { type: 'code_interpreter', container: { type: 'auto', file_ids: [upload.id] } },
    ]);
  }, 30_000);

  it('saves a cited file inside its folder, whatever name the citation gives it', async () => {
    emu.enqueue(
      reply.code("open('/mnt/data/..\\\\..\\\\evil.csv', 'w').write('a,b\\n')", {
        message: 'Saved.',
        cite: '..\\..\\evil.csv',
      }),
    );
    const result = await createAgent({ model: 'm', client, tools: [codeInterpreterTool()] }).run('Save');
    const [file] = containerFiles(result);
    expect(file!.filename).toBe('..\\..\\evil.csv');
    const root = await mkdtemp(join(tmpdir(), 'turnkit-save-'));
    const dir = join(root, 'a', 'b', 'out');
    await mkdir(dir, { recursive: true });
    const hostile = [file!.filename, '../../x', '/tmp/../../x', 'C:\\x', 'a\u0000b', 'CON'];
    const saved: string[] = [];
    for (const filename of hostile) {
      const { path, bytes } = await saveContainerFile({ client, ...file!, filename, dir });
      expect(path.startsWith(`${dir}/`)).toBe(true);
      expect(bytes).toBe(4);
      expect(await readFile(path, 'utf8')).toBe('a,b\n');
      saved.push(path.slice(dir.length + 1));
    }
    expect(saved).toEqual(['evil.csv', 'x', 'x', 'x', 'a_b', '_CON']);
    expect((await readdir(dir)).sort()).toEqual(['_CON', 'a_b', 'evil.csv', 'x']);
    expect(await readdir(join(root, 'a'))).toEqual(['b']);
    expect(await readdir(root)).toEqual(['a']);
    await expect(saveContainerFile({ client, ...file!, filename: '..', dir })).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(saveContainerFile({ client, ...file!, dir: '' })).rejects.toBeInstanceOf(InputError);
  }, 30_000);

  it('does not write through a symbolic link planted under the file name', async () => {
    emu.enqueue(
      reply.code("open('/mnt/data/report.csv', 'w').write('x\\n')", {
        message: 'Saved.',
        cite: 'report.csv',
      }),
    );
    const result = await createAgent({ model: 'm', client, tools: [codeInterpreterTool()] }).run('Save');
    const [file] = containerFiles(result);
    const dir = await mkdtemp(join(tmpdir(), 'turnkit-link-'));
    const target = join(dir, 'target.txt');
    await writeFile(target, 'untouched');
    await symlink(target, join(dir, 'report.csv'));
    await expect(saveContainerFile({ client, ...file!, dir })).rejects.toBeInstanceOf(InputError);
    expect(await readFile(target, 'utf8')).toBe('untouched');
    expect((await lstat(join(dir, 'report.csv'))).isSymbolicLink()).toBe(true);
  }, 30_000);

  it('refuses to download without ids, and reports a missing file as a not-found error', async () => {
    await expect(
      downloadContainerFile({ client, containerId: undefined as any, fileId: 'x' }),
    ).rejects.toBeInstanceOf(InputError);
    const error = await downloadContainerFile({
      client,
      containerId: 'cntr_nope',
      fileId: 'cfile_nope',
    }).catch((e) => e);
    expect(error.code).toBe('not_found');
    expect(() =>
      createAgent({ model: 'm', client, tools: [codeInterpreterTool(), codeInterpreterTool()] }),
    ).toThrow(/one code interpreter/);
  });
});
