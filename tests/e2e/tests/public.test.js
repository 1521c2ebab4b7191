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

test("l'appel à projets du Mans : public sans connexion, puis porteur et coordination", async () => {
  const visitor = await newSession(env.browser, env.server.baseURL);
  try {
    await visit(visitor, '/appels');
    const title = /Appel à projets 2023 de la Cité de l'emploi du Mans Métropole/;
    await visitor.page.getByRole('heading', { level: 1 }).waitFor();
    await checkA11y(visitor.page, { label: 'appels à projets publiés, sans connexion' });
    await visitor.navigateBy(() => visitor.page.getByRole('link', { name: title }).click(), { status: 200 });
    const text = await visitor.page.locator('main').innerText();
    assert.match(text, /06\/10\/2023 à 12:00 \(heure de Paris\)/);
    assert.match(text, /100\s000,00\s€ par an pendant 3 ans/);
    assert.equal(new URL(visitor.page.url()).pathname.startsWith('/appels/'), true, 'pas de redirection vers la connexion');
    await checkA11y(visitor.page, { label: "page publique d'un appel à projets" });
  } finally {
    await visitor.close();
  }

  const porteur = await newSession(env.browser, env.server.baseURL);
  try {
    await porteur.signIn('porteur.mobin@demo.maillage.fr');
    await visit(porteur, '/candidatures');
    await porteur.page.getByRole('heading', { level: 1, name: 'Mes candidatures' }).waitFor();
    await checkA11y(porteur.page, { label: 'mes candidatures (porteur)' });
    const application = porteur.page.locator('main a[href^="/candidatures/"]').first();
    await porteur.navigateBy(() => application.click(), { status: 200 });
    await checkA11y(porteur.page, { label: "une candidature, vue par son porteur" });
  } finally {
    await porteur.close();
  }

  const coordination = await newSession(env.browser, env.server.baseURL);
  try {
    await coordination.signIn('coordination.lemans@demo.maillage.fr');
    await visit(coordination, '/appels-a-projets');
    await checkA11y(coordination.page, { label: 'appels à projets de la Cité' });
    const call = coordination.page.getByRole('link', { name: /Appel à projets 2023/ }).first();
    await coordination.navigateBy(() => call.click(), { status: 200 });
    assert.match(await coordination.page.locator('main').innerText(), /Mob'In Sarthe|Régie de quartier des Sablons/);
    await checkA11y(coordination.page, { label: "un appel à projets et ses candidatures déposées" });
    await visit(coordination, '/appels-a-projets/nouveau');
    await checkA11y(coordination.page, { label: "formulaire d'un nouvel appel à projets" });
  } finally {
    await coordination.close();
  }
});
