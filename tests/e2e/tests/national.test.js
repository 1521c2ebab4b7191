// Parcours de l'équipe nationale : des chiffres agrégés par Cité, jamais de
// données personnelles ni d'accès aux pages d'une Cité.

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

// Rien qui ressemble à une donnée personnelle : pas d'adresse électronique,
// pas de téléphone, pas de numéro de sécurité sociale.
function assertNoPersonalData(text, where) {
  assert.doesNotMatch(text, /[\w.+-]+@[\w-]+\.[\w.-]+/, `adresse électronique affichée sur ${where}`);
  assert.doesNotMatch(text, /(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}/, `numéro de téléphone affiché sur ${where}`);
  assert.doesNotMatch(text, /\b[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{2}\b/, `NIR affiché sur ${where}`);
}

test('équipe nationale : accueil, liste des Cités, profil, pas de page de Cité', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('national@demo.maillage.fr');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('heading', { level: 1, name: "Le réseau des Cités de l'emploi" }).waitFor();
    const home = await page.locator('main').innerText();
    assert.match(home, /Cités de l'emploi/);
    assert.match(home, /jamais de données personnelles/);
    assertNoPersonalData(home, "l'accueil");
    await checkA11y(page);
    s.assertNoProblems();

    // La liste des Cités, depuis l'accueil.
    await s.navigateBy(() => page.getByRole('link', { name: 'Voir la liste des Cités' }).click());
    assert.equal(new URL(page.url()).pathname, '/cites');
    const rows = page.locator('main table tbody tr');
    assert.ok((await rows.count()) >= 2, 'au moins deux Cités de démonstration');
    const list = await page.locator('main').innerText();
    assert.match(list, /Angers/);
    assertNoPersonalData(list, '/cites');
    await checkA11y(page);
    s.assertNoProblems();

    // Le profil d'une Cité.
    const link = rows.first().getByRole('link');
    const name = (await link.innerText()).trim();
    await s.navigateBy(() => link.click());
    assert.match(new URL(page.url()).pathname, /^\/cites\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const profile = await page.locator('main').innerText();
    assert.match(profile, /Quartiers prioritaires/);
    assertNoPersonalData(profile, `le profil de ${name}`);
    // Lecture seule : ni modification ni rattachement de QPV.
    assert.equal(await page.getByRole('link', { name: 'Modifier le profil' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Rattacher' }).count(), 0);
    await checkA11y(page);
    s.assertNoProblems();

    // Les instances : des comptes par Cité, jamais un nom.
    await s.navigateBy(() => page.getByRole('link', { name: 'Instances', exact: true }).click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: 'Instances des Cités' }).waitFor();
    const governance = await page.locator('main').innerText();
    assert.match(governance, /COPIL tenus/);
    assertNoPersonalData(governance, 'les instances des Cités');
    assert.doesNotMatch(governance, /Claire Moreau|Romain Lefèvre/);
    await checkA11y(page, { label: 'les instances des Cités' });
    s.assertNoProblems();

    // Les pages d'une Cité n'existent pas pour l'équipe nationale.
    await visit(s, '/partenaires', { status: 404 });
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Erreur 404/);
    assert.equal(await page.title(), 'Page introuvable – Maillage');

    // La page d'erreur ne porte pas l'en-tête de la session : retour à l'accueil
    // par son bouton, puis déconnexion.
    await s.navigateBy(() => page.getByRole('link', { name: "Page d'accueil" }).click());
    assert.equal(new URL(page.url()).pathname, '/');
    await s.signOut();
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await checkA11y(page);
  } finally {
    await s.close();
  }
});
