// The test OpenID provider of tests/oidc (ProConnect-like), started for an
// end-to-end test. See tests/oidc/README.md.
//
// Environment:
//   E2E_DEBUG=1    copy the provider's output to stderr

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  const debug = process.env.E2E_DEBUG === '1';
  const onData = (chunk) => {
    output += chunk.toString();
    if (debug) process.stderr.write(chunk);
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
    onData(chunk);
  });
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const cleanup = () => rm(dir, { recursive: true, force: true });
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let issuer;
  try {
    issuer = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`le fournisseur OpenID n'a pas démarré en ${START_TIMEOUT_MS / 1000} s :\n${output}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', () => {
        const m = stdout.match(/^listening (http:\/\/\S+)$/m);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`le fournisseur OpenID s'est arrêté (code ${code}, signal ${signal}) :\n${output}`));
      });
    });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanup();
    process.removeListener('exit', onExit);
    throw err;
  }

  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      await cleanup();
      process.removeListener('exit', onExit);
    })();
    return stopped;
  };
  return { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stop, output: () => output };
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
