// The test OpenID provider of tests/oidc (ProConnect-like), started for an
// end-to-end test. See tests/oidc/README.md.
//
// Environment:
//   E2E_DEBUG=1    copy the provider's output to stderr

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROVIDER = path.resolve(here, '../oidc/provider.mjs');
const START_TIMEOUT_MS = 30_000;

export const CLIENT_ID = 'maillage';
export const CLIENT_SECRET = 'secret-de-test';

/**
 * Starts the provider on a free port, with Maillage as its only client.
 * `redirectBase`: Maillage's public address (or a list of them); its
 * /connexion/proconnect/retour and /connexion are registered.
 * `accounts`: the provider's accounts file, as an object (see the README).
 * Resolves to { issuer, clientId, clientSecret, stop, output } once the
 * provider prints its `listening` line.
 */
export async function startOidcProvider({ redirectBase, accounts }) {
  const bases = (Array.isArray(redirectBase) ? redirectBase : [redirectBase]).map((b) => b.replace(/\/$/, ''));
  const dir = await mkdtemp(path.join(tmpdir(), 'maillage-e2e-oidc-'));
  const accountsFile = path.join(dir, 'accounts.json');
  await writeFile(accountsFile, JSON.stringify(accounts, null, 2));
  const args = [
    PROVIDER,
    '--port', '0',
    '--client-id', CLIENT_ID,
    '--client-secret', CLIENT_SECRET,
    '--accounts', accountsFile,
    // Created by the provider.
    '--keys', path.join(dir, 'keys.json'),
  ];
  for (const base of bases) {
    args.push('--redirect-uri', `${base}/connexion/proconnect/retour`);
    args.push('--post-logout-redirect-uri', `${base}/connexion`);
  }

  const { url: issuer, stop, output } = await startProcess({
    command: process.execPath,
    args,
    cwd: dir,
    dir,
    ready: (stdout) => stdout.match(/^listening (http:\/\/\S+)$/m)?.[1] ?? null,
    what: 'le fournisseur OpenID',
    timeoutMs: START_TIMEOUT_MS,
  });
  return { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stop, output };
}

/** The server's environment that plugs it to this provider. */
export function proconnectEnv(provider, publicURL) {
  return {
    MAILLAGE_PROCONNECT_ISSUER: provider.issuer,
    MAILLAGE_PROCONNECT_CLIENT_ID: provider.clientId,
    MAILLAGE_PROCONNECT_CLIENT_SECRET: provider.clientSecret,
    MAILLAGE_PUBLIC_URL: publicURL,
  };
}
