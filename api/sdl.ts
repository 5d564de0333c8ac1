// `npm run api:sdl`: writes the API's SDL to schema/api.graphql.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printApiSdl, SDL_FILE } from './printSdl.ts';

writeFileSync(join(fileURLToPath(new URL('..', import.meta.url)), SDL_FILE), printApiSdl());
console.log(`wrote ${SDL_FILE}`);
