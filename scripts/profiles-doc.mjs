// Regenerates the README's "Vendor profile reference" from fixtures/profiles/*.yaml (npm run docs:profiles).
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { spliceProfilesSection } = await import('../mock-idp/profile-doc.ts');
const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, spliceProfilesSection(readFileSync(readme, 'utf8')));
process.stdout.write('README.md: vendor profile reference written\n');
