// Regenerates docs/profiles.md from fixtures/profiles/*.yaml (npm run docs:profiles).
import { writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { renderProfilesDoc } = await import('../mock-idp/profile-doc.ts');
writeFileSync(new URL('../docs/profiles.md', import.meta.url), renderProfilesDoc());
process.stdout.write('docs/profiles.md written\n');
