// Le réseau des Cités : l'équipe nationale annonce un café-cités (refusé
// en français sans thème), une référente d'Angers s'y inscrit depuis
// « Réseau » puis annule ; l'annuaire filtre les référents ; la
// coordination partage un document, que le réseau retrouve par thème et
// télécharge ; les pages du réseau tiennent en 390 px. axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSideScroll, checkA11y, isoDate, newSession, setUp, tinyPdf, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("l'équipe nationale annonce un café-cités, une référente s'y inscrit", async () => {
  const national = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = national;
    await national.signIn('national@demo.maillage.fr');
    await national.navigateBy(() => page.getByRole('link', { name: 'Réseau', exact: true }).click(), { status: 200 });
    await checkA11y(page, { label: 'le réseau' });
    await visit(national, '/reseau/evenements');
    await page.getByRole('heading', { name: 'Participation des Cités sur douze mois' }).waitFor();
    await national.navigateBy(() => page.getByRole('link', { name: 'Nouvel événement' }).click(), { status: 200 });
    await checkA11y(page, { label: "formulaire d'un événement" });
    await page.locator('#title').fill('Café-cités : les employeurs du quartier');
    await page.locator('#date').fill(isoDate(12));
    await page.locator('#time').fill('11:00');
    await page.locator('#video_url').fill('https://webinaire.example/cafe');
    national.expectError(422, '/reseau/evenements', 'POST');
    await national.navigateBy(() => page.getByRole('button', { name: "Enregistrer l'événement" }).click());
    await page.getByText('Choisissez un thème de la liste.').first().waitFor();
    await checkA11y(page, { label: 'événement refusé' });
    await page.locator('#theme').selectOption('entreprises');
    await national.navigateBy(() => page.getByRole('button', { name: "Enregistrer l'événement" }).click(), { status: 200 });
    await page.getByText("L'événement est annoncé au réseau.").waitFor();
    const eventPath = new URL(page.url()).pathname;
    assert.match(eventPath, /^\/reseau\/evenements\/\d+$/);
    national.assertNoProblems();
  } finally {
    await national.close();
  }

  const s = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = s;
    await s.signIn('referent@demo.maillage.fr');
    await s.navigateBy(() => page.getByRole('link', { name: 'Réseau', exact: true }).click(), { status: 200 });
    await s.navigateBy(() => page.getByRole('link', { name: 'Café-cités : les employeurs du quartier' }).click(), { status: 200 });
    await checkA11y(page, { label: 'un événement' });
    await s.navigateBy(() => page.getByRole('button', { name: "M'inscrire" }).click(), { status: 200 });
    await page.getByText("Vous êtes inscrit à l'événement.").waitFor();
    await visit(s, '/reseau');
    await page.getByRole('heading', { name: 'Mes inscriptions' }).waitFor();
    await s.navigateBy(() => page.locator('main').getByRole('link', { name: 'Café-cités : les employeurs du quartier' }).last().click(), { status: 200 });
    await s.navigateBy(() => page.getByRole('button', { name: 'Annuler mon inscription' }).click(), { status: 200 });
    await page.getByText('Votre inscription est annulée.').waitFor();

    await visit(s, '/reseau/annuaire?role=referent&q=mission');
    const rows = page.locator('main tbody tr');
    assert.ok((await rows.count()) >= 1, 'des référents de missions locales');
    for (const role of await rows.locator('td:nth-child(2)').allTextContents()) assert.equal(role.trim(), 'Référent·e partenaire');
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test('la coordination partage un document que le réseau retrouve par thème', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = s;
    await s.signIn('coordination@demo.maillage.fr');
    await visit(s, '/reseau/ressources');
    await s.navigateBy(() => page.getByRole('link', { name: 'Partager une ressource' }).click(), { status: 200 });
    await checkA11y(page, { label: 'partager une ressource' });
    await page.locator('#title').fill('Fiche job dating au féminin');
    await page.locator('#theme').selectOption('femmes');
    await page.locator('#description').fill('Organiser un job dating pour les femmes des QPV.');
    await page.locator('label[for="kind-document"]').click();
    await page.locator('#fichier').setInputFiles({ name: 'job-dating.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await s.navigateBy(() => page.getByRole('button', { name: 'Partager' }).click(), { status: 200 });
    await page.getByText('La ressource est partagée avec le réseau.').waitFor();
    await visit(s, '/reseau/ressources?theme=femmes');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Fiche job dating au féminin', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});

test('390 px : les pages du réseau ne défilent pas sur le côté', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  try {
    const { page } = s;
    await page.setViewportSize({ width: 390, height: 844 });
    await s.signIn('national@demo.maillage.fr');
    for (const path of ['/reseau', '/reseau/annuaire', '/reseau/evenements', '/reseau/ressources', '/reseau/evenements/nouveau']) {
      await visit(s, path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await assertNoSideScroll(page);
    }
    await visit(s, '/reseau/evenements');
    const href = await page.locator('main a[href^="/reseau/evenements/"]').first().getAttribute('href');
    await visit(s, href);
    await assertNoSideScroll(page);
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
