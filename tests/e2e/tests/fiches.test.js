// Le catalogue national des actions innovantes : l'équipe nationale parcourt
// et filtre les fiches de toutes les Cités (htmx) avec leurs réutilisations,
// une coordinatrice réutilise une fiche dans sa Cité et retrouve le lien vers
// l'origine, une autre ouvre le formulaire de publication d'une action.
// Chaque page passe axe sans violation.

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

test("actions innovantes : parcourir, filtrer, réutiliser, publier", async () => {
  const national = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = national;
    await national.signIn('national@demo.maillage.fr');
    await national.navigateBy(() => page.getByRole('link', { name: 'Actions innovantes' }).click());
    const results = page.locator('#fiches');
    assert.match(await results.innerText(), /Actions innovantes \(5\)/);
    assert.match(await results.innerText(), /Cité de l'emploi de Roubaix/);
    await checkA11y(page, { label: 'catalogue national' });

    // Filtre par région (htmx) : l'URL suit, seule Est Ensemble reste.
    await page.getByLabel('Région').selectOption({ label: 'Île-de-France' });
    await page.waitForURL(/region=11/);
    await results.getByRole('link', { name: "Cafés emploi en pied d'immeuble" }).waitFor();
    assert.match(await results.innerText(), /Actions innovantes \(1\)/);
    await page.getByLabel('Région').selectOption({ label: 'Toutes les régions' });
    await page.getByLabel('Mots-clés').fill('creche');
    await page.waitForURL(/texte=creche/);
    await results.getByRole('link', { name: 'Places en crèche AVIP' }).waitFor();
    national.assertNoProblems();

    // Trier par réutilisations, puis ouvrir la fiche la plus réutilisée.
    await visit(national, '/actions-innovantes?tri=reutilisations');
    const first = results.locator('tbody tr').first();
    assert.match(await first.innerText(), /\t1$/);
    await national.navigateBy(() => first.getByRole('link').click());
    assert.match(await page.locator('main').innerText(), /1 réutilisation/i);
    assert.equal(await page.getByRole('button', { name: 'Réutiliser dans ma Cité' }).count(), 0);
    await checkA11y(page, { label: 'fiche, équipe nationale' });
    national.assertNoProblems();
  } finally {
    await national.close();
  }

  const roubaix = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = roubaix;
    await roubaix.signIn('coordination.roubaix@demo.maillage.fr');
    await visit(roubaix, '/actions-innovantes?frein=famille');
    await roubaix.navigateBy(() => page.locator('#fiches').getByRole('link', { name: 'Places en crèche AVIP' }).click());
    await checkA11y(page, { label: 'fiche, coordination d’une autre Cité' });
    await roubaix.navigateBy(() => page.getByRole('button', { name: 'Réutiliser dans ma Cité' }).click());
    assert.match(new URL(page.url()).pathname, /^\/actions\/\d+$/);
    const action = await page.locator('main').innerText();
    assert.match(action, /Brouillon/i);
    assert.match(action, /Cette action reprend la fiche « Places en crèche AVIP » de la Cité de l'emploi d'Angers Loire Métropole/);
    await checkA11y(page, { label: 'action réutilisée' });
    roubaix.assertNoProblems();
  } finally {
    await roubaix.close();
  }

  const angers = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = angers;
    await angers.signIn('coordination@demo.maillage.fr');
    await visit(angers, '/actions-innovantes?texte=solidair');
    await angers.navigateBy(() =>
      page.locator('#fiches').getByRole('link', { name: "Solidair'Mam : garde solidaire entre parents" }).click(),
    );
    await angers.navigateBy(() => page.getByRole('link', { name: 'Modifier la fiche' }).click());
    await page.getByRole('heading', { level: 1, name: 'Publier dans le catalogue national' }).waitFor();
    await checkA11y(page, { label: 'formulaire de publication' });
    // Un numéro de téléphone dans les résultats : refusé, rien n'est publié.
    await page.getByLabel('Résultats (facultatif)').fill('Rappeler Mme X au 06 12 34 56 78.');
    const publish = new URL(page.url()).pathname;
    angers.expectError(422, publish, 'POST');
    await angers.navigateBy(() => page.getByRole('button', { name: 'Publier la fiche' }).click(), { status: 422 });
    assert.match(await page.locator('main').innerText(), /numéro de téléphone/);
    await checkA11y(page, { label: 'formulaire de publication refusé' });
    angers.assertNoProblems();
  } finally {
    await angers.close();
  }
});
