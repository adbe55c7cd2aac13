/** Reads test fixtures (the W3C vectors and OB 3.0 examples are copied under test/fixtures/standards). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(relative: string): string {
  return `${FIXTURES_DIR}${relative}`;
}

export function readFixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

export function readFixtureJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFixtureText(relative)) as T;
}

export const FIXED_NOW = new Date('2026-11-28T12:00:00Z');
