// Pages accessibles sans être connecté : connexion (et son échec),
// déclaration d'accessibilité.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("sans session, l'accueil renvoie vers la connexion", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  try {
    await s.goto('/');
    assert.equal(new URL(s.page.url()).pathname, '/connexion');
    await s.page.getByRole('heading', { level: 1, name: 'Connexion à Maillage' }).waitFor();
    await checkA11y(s.page);
  } finally {
    await s.close();
  }
});

test('échec de connexion : message en français, saisie conservée, axe sans violation', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await visit(s, '/connexion');
    await page.getByLabel('Adresse électronique').fill('coordination@demo.maillage.fr');
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas-le-bon-mot-de-passe');
    s.expectError(422, '/connexion', 'POST');
    const response = await s.navigateBy(() => page.getByRole('button', { name: 'Se connecter' }).click());
    assert.ok(response.status() >= 400 && response.status() < 500, `statut ${response.status()}`);
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await page.getByRole('alert').filter({ hasText: 'Adresse électronique ou mot de passe incorrect.' }).waitFor();
    assert.equal(await page.getByLabel('Adresse électronique').inputValue(), 'coordination@demo.maillage.fr');
    assert.equal(await page.getByLabel('Mot de passe', { exact: true }).inputValue(), '');
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    await checkA11y(page);
  } finally {
    await s.close();
  }
});

test("déclaration d'accessibilité, sans être connecté", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await visit(s, '/accessibilite');
    await page.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" }).waitFor();
    assert.match(await page.locator('main').innerText(), /non conforme/);
    // Le lien du pied de page y mène.
    await visit(s, '/connexion');
    await s.navigateBy(() => page.getByRole('link', { name: 'Accessibilité : non conforme' }).click());
    assert.equal(new URL(page.url()).pathname, '/accessibilite');
  } finally {
    await s.close();
  }
});
