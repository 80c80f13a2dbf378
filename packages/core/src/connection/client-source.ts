import type OpenAI from 'openai';
import type { AzureClientOptions } from './azure-client-options.js';
import type { Connection } from './connection.js';

/** Where an agent sends its requests: an `openai` client, Azure options, or a {@link Connection}. */
export type ClientSource = OpenAI | AzureClientOptions | Connection;
