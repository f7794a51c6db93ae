#!/usr/bin/env node
// `npx bedrock-catalog …`: runs the TypeScript entry in this process through tsx's loader.
import { register } from 'tsx/esm/api';

// The AWS SDK's 9-line Node-version notice (SDK releases after January 2027 need Node 22) would
// print on every --table or --sigv4 call; the pinned SDK works on Node 20. @aws-sdk/core checks
// for exactly "true" (not "1"), read when the first client is built.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2));
