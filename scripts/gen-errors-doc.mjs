#!/usr/bin/env node
// Prints the skeleton of docs/errors.md from src/errors.ts (after `npm run build`), for new codes.
const { ERROR_CODES } = await import('../dist/errors.js');
for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
  process.stdout.write(`| \`${code}\` | ${status} | ${title} |\n`);
}
