import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';

/** The process environment over an optional `.env` file in the working folder; read once by the entry points. */
export function readEnvironment(): Record<string, string | undefined> {
  const file = existsSync('.env') ? parse(readFileSync('.env')) : {};
  return { ...file, ...process.env };
}
