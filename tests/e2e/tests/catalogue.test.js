// L'offre de services du territoire (catalogue data·inclusion de la démo) :
// un référent cherche sans accent (htmx), ouvre un service, voit les erreurs
// des formulaires et le rapport d'un import refusé. Chaque page passe axe
// sans violation.

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

test('offre de services : recherche, fiche, formulaires et import', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('referent@demo.maillage.fr');
    await visit(s, '/offres');
    const results = page.locator('#resultats');
    assert.match(await results.innerText(), /51 services/);

    // Recherche htmx : « creche » trouve « crèche », l'URL suit.
    await page.getByLabel('Mots-clés').fill('creche');
    await page.waitForURL(/texte=creche/);
    await results.getByRole('link', { name: 'Places en crèche AVIP' }).waitFor();
    assert.doesNotMatch(await results.innerText(), /Auto-école sociale/);
    await checkA11y(page, { label: 'offre de services, recherche « creche »' });
    s.assertNoProblems();

    await s.navigateBy(() => results.getByRole('link', { name: 'Places en crèche AVIP' }).click(), { status: 200 });
    assert.match(await page.locator('main').innerText(), /Crèche Arlequin \(AVIP\)/);
    await checkA11y(page, { label: 'fiche du service' });
    s.assertNoProblems();

    await visit(s, '/offres/nouvelle');
    s.expectError(422, '/offres', 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer le service' }).click(), { status: 422 });
    await page.getByText('Choisissez la structure qui propose le service.').first().waitFor();
    await checkA11y(page, { label: 'formulaire de service refusé' });
    s.assertNoProblems();

    await visit(s, '/offres/structures');
    await visit(s, '/offres/structures/nouvelle');
    await visit(s, '/offres/import');
    await page.getByLabel('Contenu du fichier JSON').fill('{"structures": [], "services": [{"id": "x"}]}');
    s.expectError(422, '/offres/import', 'POST');
    await s.navigateBy(() => page.getByRole('button', { name: 'Importer' }).click(), { status: 422 });
    const report = page.getByRole('table', { name: "Rapport d'import" });
    assert.match(await report.innerText(), /Service n° 1 \(x\)/);
    await checkA11y(page, { label: "rapport d'import" });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
