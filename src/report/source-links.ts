// Where a report links a check's suite file and line (issue #12). compliance.json holds repository-relative paths;
// the link base depends on where the report will be opened:
// - IDP_CONFORMANCE_SOURCE_URL, when set: a URL prefix (e.g. https://git.example/org/repo/-/blob/<sha>/);
// - on GitHub Actions, when the suites are the checkout's own: the repository at the run's commit, so the links
//   work from the downloaded artifact too (a relative path would point into the runner's deleted workspace);
// - otherwise a path relative to the report's directory, which works where the run was made (reports/index.html
//   → ../suites/…) and in an artifact that keeps the checkout's layout.
import { relative, resolve } from 'node:path';

export function sourceLinkBase(reportDir: string, sourceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.IDP_CONFORMANCE_SOURCE_URL;
  if (explicit) return explicit.endsWith('/') ? explicit : `${explicit}/`;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = env;
  if (server && repo && sha && workspace && resolve(workspace) === resolve(sourceRoot)) return `${server}/${repo}/blob/${sha}/`;
  const rel = relative(resolve(reportDir), resolve(sourceRoot)).split('\\').join('/');
  return rel ? `${rel}/` : '';
}

/** The link to a check's line: GitHub-style `#L12` (other forges and file viewers ignore or honour the fragment). */
export function sourceLink(base: string, file: string, line: number | undefined): string {
  return `${base}${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}
