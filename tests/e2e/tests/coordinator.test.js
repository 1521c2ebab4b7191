// Parcours d'une coordinatrice (Angers) : accueil, partenaires, création d'un
// partenaire, erreur de saisie, comptes, profil de la Cité, journal,
// déconnexion. Chaque page visitée passe axe sans violation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountPages, checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const PARTNER = {
  name: 'Association Les Jardins de Belle-Beille',
  category: 'Associatif',
  siret: '13002526500013',
  postalCode: '49000',
  city: 'Angers',
};

test('coordinatrice : de la connexion à la déconnexion', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    // Connexion → accueil de la Cité.
    await s.goto('/connexion');
    await checkA11y(page);
    await s.signIn('coordination@demo.maillage.fr');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('heading', { level: 1, name: "Cité de l'emploi d'Angers Loire Métropole" }).waitFor();
    assert.match(await page.locator('main').innerText(), /Bonjour Claire Moreau/);
    assert.match(await page.locator('header').innerText(), /Se déconnecter/);
    await checkA11y(page);
    await s.screenshot('accueil-coordination');
    s.assertNoProblems();

    // Liste des partenaires, depuis le menu.
    await s.navigateBy(() => page.locator('#navigation').getByRole('link', { name: 'Partenaires' }).click());
    assert.equal(new URL(page.url()).pathname, '/partenaires');
    await page.getByRole('heading', { level: 1, name: 'Partenaires de la Cité' }).waitFor();
    const before = await page.locator('#partenaires tbody tr').count();
    await checkA11y(page);
    await s.screenshot('partenaires');
    s.assertNoProblems();

    // Formulaire de création.
    await s.navigateBy(() => page.getByRole('link', { name: 'Ajouter un partenaire' }).click());
    assert.equal(new URL(page.url()).pathname, '/partenaires/nouveau');
    await checkA11y(page);
    await s.screenshot('partenaire-formulaire');
    s.assertNoProblems();

    // Saisie valide → page du partenaire avec la confirmation.
    await page.getByRole('textbox', { name: /^Nom\b/ }).fill(PARTNER.name);
    await page.getByLabel('Catégorie').selectOption({ label: PARTNER.category });
    await page.getByLabel('SIRET').fill(PARTNER.siret);
    await page.getByLabel('Code postal').fill(PARTNER.postalCode);
    await page.getByLabel('Commune').fill(PARTNER.city);
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer' }).click(), { status: 200 });
    const created = new URL(page.url());
    assert.match(created.pathname, /^\/partenaires\/[^/]+$/);
    assert.equal(created.searchParams.get('fait'), 'partenaire-cree');
    await page.getByRole('status').filter({ hasText: 'Le partenaire a été créé.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: PARTNER.name }).waitFor();
    const details = await page.locator('main').innerText();
    assert.match(details, /Associatif/);
    assert.match(details, /13002526500013/);
    assert.match(details, /49000/);
    assert.match(details, /Angers/);
    await checkA11y(page);
    s.assertNoProblems();

    // Il figure dans la liste.
    await visit(s, '/partenaires');
    assert.equal(await page.locator('#partenaires tbody tr').count(), before + 1);
    await page.locator('#partenaires').getByRole('link', { name: PARTNER.name }).waitFor();

    // SIRET invalide → 422, message en français à côté du champ, saisie conservée.
    await visit(s, '/partenaires/nouveau');
    await page.getByRole('textbox', { name: /^Nom\b/ }).fill('Régie de quartier Monplaisir');
    await page.getByLabel('Catégorie').selectOption({ label: PARTNER.category });
    await page.getByLabel('SIRET').fill('12345678901234');
    await page.getByLabel('Code postal').fill('49100');
    await page.getByLabel('Commune').fill('Angers');
    s.expectError(422, '/partenaires', 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer' }).click(), { status: 422 });
    assert.equal(new URL(page.url()).pathname, '/partenaires');
    const siret = page.locator('#siret');
    const siretError = page.locator('#siret-error');
    assert.equal(await siretError.getAttribute('class'), 'fr-error-text');
    const message = (await siretError.innerText()).trim();
    assert.match(message, /SIRET/i, `message d'erreur inattendu : ${message}`);
    assert.doesNotMatch(message, /\b(invalid|must|error)\b/i, `message pas en français : ${message}`);
    // Le message est rattaché au champ, dans le même groupe.
    assert.equal(await siret.getAttribute('aria-describedby'), 'siret-error');
    assert.equal(
      await siretError.evaluate((el) => el.closest('.fr-input-group')?.querySelector('input')?.id),
      'siret',
    );
    await page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor();
    await s.screenshot('partenaire-erreur-siret');
    assert.equal(await siret.inputValue(), '12345678901234');
    assert.equal(await page.locator('#name').inputValue(), 'Régie de quartier Monplaisir');
    assert.equal(await page.locator('#postal_code').inputValue(), '49100');
    assert.equal(await page.locator('#city').inputValue(), 'Angers');
    assert.equal(
      await page.locator('#category option:checked').innerText(),
      PARTNER.category,
    );
    await checkA11y(page);
    s.assertNoProblems();

    // Comptes, profil de la Cité, journal.
    await visit(s, '/comptes');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(s, '/comptes/nouveau');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(s, '/cite');
    await page.getByRole('heading', { level: 2, name: 'Quartiers prioritaires (QPV)' }).waitFor();
    await s.screenshot('cite');
    await visit(s, '/cite/modifier');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(s, '/journal');
    await page.getByRole('heading', { level: 1 }).waitFor();
    // La création du partenaire est journalisée.
    assert.match(await page.locator('main').innerText(), /Belle-Beille/);
    // Confirmations, rôle, mot de passe redemandé, journal filtré.
    await accountPages(s);

    // Déconnexion → formulaire de connexion, la session est close.
    await s.signOut();
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    await checkA11y(page);
    await s.navigateBy(() => page.goto('/partenaires'));
    assert.equal(new URL(page.url()).pathname, '/connexion');
  } finally {
    await s.close();
  }
});
