// The app version shown to the person, read once from package.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const APP_VERSION: string = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
