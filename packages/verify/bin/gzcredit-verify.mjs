#!/usr/bin/env node
// gzcredit-verify: the package's TypeScript run through tsx, so the offline verifier is the code the platform tests.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main();
