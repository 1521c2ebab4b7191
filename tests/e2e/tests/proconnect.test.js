// Connexion avec ProConnect, face à un vrai fournisseur OpenID de test
// (tests/oidc) : le bouton de la page de connexion, l'aller-retour chez le
// fournisseur, la déconnexion qui passe par lui, l'agent sans compte
// Maillage, et un serveur où seul ProConnect connecte.
//
// Maillage est servi sur http://localhost:<port> et le fournisseur sur
// http://127.0.0.1:<port> : deux sites distincts, comme en production.
// Les pages du fournisseur ne sont pas les nôtres : axe n'y passe pas et
// leurs erreurs de console (son favicon absent) ne sont pas relevées.
// Le navigateur applique la vraie CSP de Maillage : le formulaire de
// déconnexion, renvoyé chez le fournisseur, doit y être permis.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, freePorts, launchBrowser, newSession, startServer, visit } from '../harness.js';
import { proconnectEnv, startOidcProvider } from '../oidc.js';

const COORDINATION = 'coordination@demo.maillage.fr';
const UNKNOWN = 'agent.inconnu@example.gouv.fr';
const ACCOUNTS = {
  [COORDINATION]: {
    sub: 'b6a1c3e0-coordination-angers',
    given_name: 'Claire',
    usual_name: 'Moreau',
    uid: 'claire-moreau',
    siret: '21490007800012',
  },
  [UNKNOWN]: {
    sub: '5f2e9d41-agent-inconnu',
    given_name: 'Ada',
    usual_name: 'Lovelace',
    uid: 'ada-lovelace',
    siret: '13002526500013',
  },
};

let provider;
let server;
let serverWithoutPassword;
let browser;

before(async () => {
  // Le fournisseur doit connaître l'adresse de retour de Maillage, et
  // Maillage l'adresse du fournisseur : les ports de Maillage sont choisis
  // d'abord, le fournisseur démarre ensuite (port 0), Maillage en dernier.
  const ports = await freePorts(2);
  const bases = ports.map((port) => `http://localhost:${port}`);
  provider = await startOidcProvider({ redirectBase: bases, accounts: ACCOUNTS });
  server = await startServer({ bind: `127.0.0.1:${ports[0]}`, env: proconnectEnv(provider, bases[0]) });
  serverWithoutPassword = await startServer({
    bind: `127.0.0.1:${ports[1]}`,
    env: { ...proconnectEnv(provider, bases[1]), MAILLAGE_NO_PASSWORD_SIGN_IN: 'true' },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await serverWithoutPassword?.stop();
  await server?.stop();
  await provider?.stop();
});

function proconnectButton(page) {
  return page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ });
}

/** Runs `action` and waits for the provider's login form. */
async function toProviderLogin(s, action) {
  const { page } = s;
  s.leaving = true;
  await Promise.all([
    page.waitForURL((url) => url.origin === provider.issuer && url.pathname.startsWith('/interaction/')),
    action(),
  ]);
  s.leaving = false;
  await page.getByRole('heading', { level: 1, name: 'Connexion ProConnect (fournisseur de test)' }).waitFor();
}

/** From Maillage's sign-in page, through the provider's login form, back to Maillage. */
async function signInWithProConnect(s, email, options) {
  const { page } = s;
  await toProviderLogin(s, () => proconnectButton(page).click());
  await page.locator('#email').fill(email);
  const response = await s.navigateBy(() => page.getByRole('button', { name: 'Se connecter' }).click(), options);
  assert.equal(new URL(page.url()).origin, s.origin, `retour attendu chez Maillage, pas sur ${page.url()}`);
  return response;
}

test('la page de connexion propose ProConnect et garde le mot de passe', async () => {
  const s = await newSession(browser, server.baseURL, { bypassCSP: false, foreignOrigins: [provider.issuer] });
  const { page } = s;
  try {
    await visit(s, '/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion à Maillage' }).waitFor();
    const button = proconnectButton(page);
    assert.equal(await button.count(), 1, 'un seul bouton ProConnect');
    assert.equal(await button.getAttribute('href'), '/connexion/proconnect');
    assert.match(await button.getAttribute('class'), /\bfr-connect\b/, 'bouton ProConnect du DSFR');
    assert.equal(await page.getByLabel('Adresse électronique').count(), 1);
    assert.equal(await page.getByLabel('Mot de passe', { exact: true }).count(), 1);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await s.screenshot('connexion-proconnect');
  } finally {
    await s.close();
  }
});

test('coordinatrice : connexion par ProConnect, puis déconnexion chez le fournisseur aussi', async () => {
  const s = await newSession(browser, server.baseURL, { bypassCSP: false, foreignOrigins: [provider.issuer] });
  const { page } = s;
  try {
    await s.goto('/connexion');
    await signInWithProConnect(s, COORDINATION, { status: 200 });
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('heading', { level: 1, name: "Cité de l'emploi d'Angers Loire Métropole" }).waitFor();
    assert.match(await page.locator('main').innerText(), /Bonjour Claire Moreau/);
    assert.match(await page.locator('header').innerText(), /Se déconnecter/);
    await checkA11y(page);
    s.assertNoProblems();
    // La session est bien ouverte : une page protégée s'affiche.
    await visit(s, '/partenaires');
    await page.getByRole('heading', { level: 1, name: 'Partenaires de la Cité' }).waitFor();

    // Déconnexion : Maillage → page de fin de session du fournisseur (qui
    // s'envoie d'elle-même) → retour sur /connexion.
    const visited = [];
    const onNavigated = (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    };
    page.on('framenavigated', onNavigated);
    s.leaving = true;
    await Promise.all([
      page.waitForURL((url) => url.origin === s.origin && url.pathname === '/connexion'),
      page.getByRole('button', { name: 'Se déconnecter' }).click(),
    ]);
    s.leaving = false;
    page.off('framenavigated', onNavigated);
    await s.ready();
    assert.ok(
      visited.some((url) => url.startsWith(`${provider.issuer}/session/end`)),
      `la déconnexion n'est pas passée par le fournisseur : ${visited.join(' → ')}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Connexion à Maillage' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    await checkA11y(page);
    s.assertNoProblems();
    await s.navigateBy(() => page.goto('/partenaires'));
    assert.equal(new URL(page.url()).pathname, '/connexion', 'la session Maillage est close');

    // La session du fournisseur est close aussi : il redemande l'adresse.
    await toProviderLogin(s, () => proconnectButton(page).click());
    assert.equal(await page.locator('#email').inputValue(), '');
  } finally {
    await s.close();
  }
});

test('un agent inconnu de Maillage : aucun compte pour cette adresse', async () => {
  const s = await newSession(browser, server.baseURL, { bypassCSP: false, foreignOrigins: [provider.issuer] });
  const { page } = s;
  try {
    await s.goto('/connexion');
    s.expectError(403, '/connexion/proconnect/retour', 'GET');
    await signInWithProConnect(s, UNKNOWN, { status: 403 });
    assert.equal(new URL(page.url()).pathname, '/connexion/proconnect/retour');
    await page.getByRole('heading', { level: 1, name: 'Aucun compte Maillage pour cette adresse' }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(UNKNOWN.replace(/\./g, '\\.')));
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    await checkA11y(page);
    await s.screenshot('proconnect-agent-inconnu');
    s.assertNoProblems();
    // Aucune session n'a été ouverte.
    await s.navigateBy(() => page.getByRole('link', { name: 'Retour à la connexion' }).click());
    await s.navigateBy(() => page.goto('/'));
    assert.equal(new URL(page.url()).pathname, '/connexion');
  } finally {
    await s.close();
  }
});

test('sans connexion par mot de passe : ProConnect seul', async () => {
  const s = await newSession(browser, serverWithoutPassword.baseURL, { bypassCSP: false, foreignOrigins: [provider.issuer] });
  const { page } = s;
  try {
    await visit(s, '/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion à Maillage' }).waitFor();
    assert.equal(await proconnectButton(page).count(), 1, 'le bouton ProConnect est là');
    assert.equal(await page.locator('input[type="password"]').count(), 0, 'aucun champ de mot de passe');
    assert.equal(await page.locator('form[action="/connexion"]').count(), 0, 'aucun formulaire par mot de passe');
    // ProConnect y connecte.
    await signInWithProConnect(s, COORDINATION, { status: 200 });
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await page.locator('main').innerText(), /Bonjour Claire Moreau/);
    await checkA11y(page);
  } finally {
    await s.close();
  }
});
