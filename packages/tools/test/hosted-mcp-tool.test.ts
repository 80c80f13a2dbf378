import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hostedMcpTool, ToolDefinitionError } from '../src/index.js';

describe('hostedMcpTool', () => {
  it('mirrors the wire format and requires approval unless told otherwise', () => {
    const tool = hostedMcpTool({
      serverLabel: 'docs',
      serverUrl: 'https://mcp.example.com/mcp',
      allowedTools: ['search'],
    });
    expect(tool.definition).toEqual({
      type: 'mcp',
      server_label: 'docs',
      server_url: 'https://mcp.example.com/mcp',
      allowed_tools: ['search'],
      require_approval: 'always',
    });
  });

  it('maps per-tool approval settings to tool_names lists', () => {
    const tool = hostedMcpTool({
      serverLabel: 'gh',
      serverUrl: 'https://x.example/mcp',
      requireApproval: { never: ['search_issues'], always: ['delete_repo'] },
    });
    expect(tool.definition.require_approval).toEqual({
      always: { tool_names: ['delete_repo'] },
      never: { tool_names: ['search_issues'] },
    });
  });

  it('sends headers on the wire but never shows them in JSON or inspect output', () => {
    const tool = hostedMcpTool({
      serverLabel: 'gh',
      serverUrl: 'https://x.example/mcp',
      headers: { 'x-api-key': 'sk-secret-9' },
    });
    expect(tool.definition.headers).toEqual({ 'x-api-key': 'sk-secret-9' });
    expect(JSON.stringify(tool)).not.toContain('sk-secret-9');
    expect(JSON.stringify({ tools: [tool] })).toContain('[redacted]');
    expect(inspect(tool, { depth: 5 })).not.toContain('sk-secret-9');
  });

  it('refuses a bad label, URL, headers, approval setting or policy with a clear message', () => {
    const base = { serverLabel: 'ok', serverUrl: 'https://x.example/mcp' };
    expect(() => hostedMcpTool({ ...base, serverLabel: 'has space' })).toThrow(ToolDefinitionError);
    expect(() => hostedMcpTool({ ...base, serverUrl: 'ftp://x' })).toThrow(/http\(s\) URL/);
    expect(() => hostedMcpTool({ ...base, serverUrl: 'nope' })).toThrow(/serverUrl/);
    expect(() => hostedMcpTool({ ...base, headers: { a: 1 as any } })).toThrow(/headers/);
    expect(() => hostedMcpTool({ ...base, requireApproval: 'sometimes' as any })).toThrow(/requireApproval/);
    expect(() => hostedMcpTool({ ...base, requireApproval: { never: 'x' as any } })).toThrow(
      /requireApproval.never/,
    );
    expect(() => hostedMcpTool({ ...base, policy: { approver: 'yes' as any } })).toThrow(/policy.approver/);
    expect(() => hostedMcpTool({ ...base, policy: { deny: [1 as any] } })).toThrow(/policy.deny/);
  });
});
