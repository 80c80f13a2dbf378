// A small app written the way a user of the published packages would write it. The packaging
// test installs the packed tarballs beside it, compiles it (strict, skipLibCheck: false) and runs
// it with no AZURE_* variables, so connectFromEnv() starts the embedded emulator.
// It prints one JSON line: what each run answered and which tool outputs the model got.
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connectFromEnv, createAgent } from '@turnkit/core';
import { connectMcpToolkit, serveMcpToolkitHttp } from '@turnkit/mcp';
import { getWeather, offlineRuns, toolOutputs, turns } from './offline.js';

const connection = await connectFromEnv({ emulator: { script: { turns } } });
const mcpServer = await serveMcpToolkitHttp([getWeather], { name: 'weather' });
const toolkit = await connectMcpToolkit({
  transport: new StreamableHTTPClientTransport(new URL(mcpServer.url)),
  prefix: 'remote_',
});
try {
  const { local, python } = await offlineRuns(connection);
  const remote = await createAgent({ tools: [...toolkit.tools], client: connection }).run('Weather in Oslo?');
  const report = {
    mode: connection.mode,
    local,
    remote: { output: remote.output, toolOutputs: toolOutputs(remote) },
    python,
  };
  console.log(JSON.stringify(report));
} finally {
  await toolkit.close();
  await mcpServer.close();
  await connection.close();
}
