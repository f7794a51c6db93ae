#!/usr/bin/env node
// `npx bedrock-catalog …`: runs the TypeScript entry in this process through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2));
