// Parcours de l'équipe nationale : créer une Cité (« Créer une Cité ») avec sa
// première coordination, qui se connecte avec le mot de passe provisoire, puis
// l'archiver : sa coordinatrice l'apprend à la connexion. Chaque page visitée
// passe axe sans violation.

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

const NAME = 'Cité de l\'emploi de Saint-Nazaire';

test('équipe nationale : créer une Cité, puis l\'archiver', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('national@demo.maillage.fr');
    await visit(s, '/cites');
    await s.navigateBy(() => page.getByRole('link', { name: 'Créer une Cité' }).click());
    assert.equal(new URL(page.url()).pathname, '/cites/nouvelle');
    await checkA11y(page);
    s.assertNoProblems();

    // Une commune hors de l'EPCI : le formulaire revient, avec le message au champ.
    await page.getByRole('textbox', { name: /^Nom de la Cité/ }).fill(NAME);
    await page.getByRole('textbox', { name: /^Code/ }).fill('saint-nazaire');
    await page.getByLabel('Vague de labellisation').selectOption('2021');
    await page.getByLabel('Département', { exact: true }).selectOption('44');
    await page.getByRole('textbox', { name: /^EPCI/ }).fill('CA de la Région Nazairienne et de l\'Estuaire (CARENE)');
    await page.getByRole('textbox', { name: /^Communes/ }).fill('Saint-Nazaire, Nantes');
    await page.getByRole('textbox', { name: /^Prénom et nom/ }).fill('Louise Martin');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('louise.martin@saint-nazaire.fr');
    s.expectError(422, '/cites/nouvelle', 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Créer la Cité' }).click(), { status: 422 });
    assert.match(await page.locator('#communes-error').innerText(), /« Nantes » n'est pas une commune de l'EPCI/);
    await checkA11y(page);
    s.assertNoProblems();

    // Corrigée : la Cité est créée, le mot de passe provisoire affiché une fois.
    await page.getByRole('textbox', { name: /^Communes/ }).fill('Saint-Nazaire');
    await s.navigateBy(() => page.getByRole('button', { name: 'Créer la Cité' }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: 'Compte créé' }).waitFor();
    const password = (await page.locator('code.mai-password').innerText()).trim();
    assert.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await checkA11y(page);
    s.assertNoProblems();
    await s.signOut();

    // La coordinatrice se connecte dans sa Cité.
    await s.signIn('louise.martin@saint-nazaire.fr', password);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await s.signOut();

    // Archivée : confirmation, puis « Cités archivées ».
    await s.signIn('national@demo.maillage.fr');
    await visit(s, '/cites');
    await s.navigateBy(() => page.getByRole('link', { name: NAME }).click());
    await s.navigateBy(() => page.getByRole('link', { name: 'Archiver la Cité' }).click());
    await checkA11y(page);
    await s.navigateBy(() => page.getByRole('button', { name: 'Archiver la Cité' }).click());
    assert.equal(new URL(page.url()).pathname, '/cites');
    await page.getByRole('heading', { level: 2, name: 'Cités archivées' }).waitFor();
    await checkA11y(page);
    s.assertNoProblems();
    await s.signOut();

    s.expectError(422, '/connexion', 'POST');
    await s.signIn('louise.martin@saint-nazaire.fr', password);
    assert.match(await page.locator('main').innerText(), /a été archivée par l'équipe nationale/);
  } finally {
    await s.close();
  }
});
